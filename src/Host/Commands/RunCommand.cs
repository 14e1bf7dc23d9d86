using System.Diagnostics;
using System.Threading.Channels;
using ActorTune.Actors.Messages;
using ActorTune.Actors.Persistence;
using ActorTune.Actors.Sweeps;
using ActorTune.Actors.Workers;
using ActorTune.Host.Configuration;
using ActorTune.Host.Hosting;
using ActorTune.Host.Output;
using ActorTune.Model.Data;
using ActorTune.Model.State;
using ActorTune.Model.Sweep;
using ActorTune.Model.Training;
using Akka.Actor;

namespace ActorTune.Host.Commands;

/// <summary>
/// <c>run FILE</c> and <c>resume NAME</c>: validates everything first (exit 2), then drives the sweep's
/// supervisor to the end (exit 0). Ctrl+C or SIGTERM stop the trials, wait for the log to be durable and
/// exit 130; the sweep resumes from there.
/// </summary>
public static class RunCommand
{
    public const string LocalNode = "local";

    public static async Task<int> RunAsync(string file, string? db)
    {
        var (spec, text) = SweepFileLoader.Load(file);
        PreloadData(spec);
        return await DriveAsync(spec.Name, spec, text, db, spec.Concurrency);
    }

    /// <summary>Resumes a sweep with the slots its definition asks for; a babysat one goes back to its babysitter's console.</summary>
    public static async Task<int> ResumeAsync(string name, string? db)
    {
        if (ExistingDatabase.Find(db) is not { } database)
        {
            return ExitCodes.BadInput;
        }
        SweepSpec? spec;
        await using (var host = await ActorTuneHost.StartAsync(database))
        {
            spec = (await new SweepStore(host.System).LoadAsync(name)).Spec;
        }
        if (spec is null)
        {
            Console.Error.WriteLine($"actortune: no sweep named '{name}' in {database.Display}");
            return ExitCodes.BadInput;
        }
        if (spec.Model.Type == TrainableCatalog.Library)
        {
            Console.Error.WriteLine($"actortune: sweep '{name}' runs an objective defined in code: continue it from its program " +
                                    "(Tuner.RunAsync or StudyAsync with the same name and database)");
            return ExitCodes.BadInput;
        }
        return spec.Babysit
            ? await BabysitCommand.DriveAsync(name, null, "", db)
            : await DriveAsync(name, null, "", db, spec.Concurrency);
    }

    /// <summary>Reads the whole data file now, so a bad row is refused before any trial starts.</summary>
    public static void PreloadData(SweepSpec spec)
    {
        if (TrainableCatalog.NeedsData(spec.Model) && spec.Data is { } data)
        {
            DataCache.Get(data);
        }
    }

    /// <summary>Starts this node's worker with its slots, the sweep's session, and an observer feeding <paramref name="channel"/>.</summary>
    public static async Task<(IActorRef Session, object Reply)> StartAsync(ActorSystem system, string name, SweepSpec? spec, string text,
        int slots, ChannelWriter<object> channel)
    {
        system.ActorOf(WorkerHost.Props(slots, LocalNode), WorkerHost.Name);
        var session = system.ActorOf(SweepSession.Props(name), SweepSupervisor.PersistenceIdFor(name));
        var observer = system.ActorOf(ChannelObserver.Props(channel), "observer");
        session.Tell(new ObserveSweep(), observer);
        var reply = await session.Ask<object>(new StartSweep(spec, text), TimeSpan.FromMinutes(2));
        return (session, reply);
    }

    private static async Task<int> DriveAsync(string name, SweepSpec? spec, string text, string? db, int slots)
    {
        var clock = Stopwatch.StartNew();
        await using var host = await StartHostAsync(DatabaseLocation.Parse(db));
        var channel = Channel.CreateUnbounded<object>();
        var (session, reply) = await StartAsync(host.System, name, spec, text, slots, channel.Writer);
        if (reply is SweepRejected rejected)
        {
            Console.Error.WriteLine($"actortune: {CommandHint.Rejection(rejected, name, db)}");
            return rejected.BadInput ? ExitCodes.BadInput : ExitCodes.Failure;
        }
        var started = (SweepStarted)reply;
        if (spec is null)
        {
            Console.WriteLine($"resuming {name}: {started.State.Finished} of {started.State.RequireSpec().Trials} trials done");
        }
        return await FollowToEndAsync(channel.Reader, started.State, host, session, clock, CommandHint.Resume(name, db));
    }

    /// <summary>A finished sweep is done (0) unless every trial failed (1): a script must not take that for a result.</summary>
    public static int ExitCodeOf(SweepState finished) => finished.Status == SweepStatus.Failed ? ExitCodes.Failure : ExitCodes.Done;

    /// <summary>The host for a run: with a live view, Akka logs to a file instead of drawing over the view.</summary>
    public static Task<ActorTuneHost> StartHostAsync(DatabaseLocation database, int trialThreads = 0, string? extraHocon = null, RemotingTls? tls = null) =>
        ProgressView.Interactive
            ? ActorTuneHost.StartAsync(database, trialThreads, LiveViewLogging.Hocon(extraHocon),
                LiveViewLogging.ToFile(LiveViewLogging.FileFor(database)), logToHost: true, tls: tls)
            : ActorTuneHost.StartAsync(database, trialThreads, extraHocon, tls: tls);

    /// <summary>
    /// Shows the sweep until it finishes (exit 0, with the summary; 1 if every trial failed), fails (1), or Ctrl+C/SIGTERM stops it: then its
    /// trials stop between epochs, everything so far is made durable, and the user is told how to continue (130).
    /// </summary>
    public static async Task<int> FollowToEndAsync(ChannelReader<object> messages, SweepState started, ActorTuneHost host,
        ICanTell session, Stopwatch clock, string howToContinue)
    {
        var outcome = await ProgressView.FollowAsync(messages, started, host.Stopping);
        if (outcome.Failure is { } failure)
        {
            Console.Error.WriteLine($"actortune: {failure}");
            return ExitCodes.Failure;
        }
        if (outcome.Finished is { } finished)
        {
            SweepTables.WriteSummary(finished, clock.Elapsed.TotalSeconds);
            return ExitCodeOf(finished);
        }
        var stopped = await session.Ask<SweepStopped>(new StopSweep(), TimeSpan.FromSeconds(10));
        Console.Error.WriteLine($"interrupted: {stopped.State.Finished} of {stopped.State.RequireSpec().Trials} trials done; " +
                                $"continue with {howToContinue}");
        return ExitCodes.Interrupted;
    }
}
