using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using ActorTune.Actors.Messages;
using ActorTune.Actors.Persistence;
using ActorTune.Host.Configuration;
using ActorTune.Host.Hosting;
using ActorTune.Host.Output;
using ActorTune.Model.Events;
using ActorTune.Model.State;
using ActorTune.Model.Sweep;
using Akka.Actor;

namespace ActorTune.Host.Commands;

/// <summary>
/// <c>babysit FILE</c> (the seed's "panda"): one trial at a time, each epoch printed with the learning curve so
/// far, and commands typed while it trains — pause, resume, set NAME VALUE, rollback EPOCH, stop (next
/// configuration), quit. Every command is an event in the sweep's log; <c>show</c> lists them.
/// </summary>
public static class BabysitCommand
{
    public const string Help =
        "commands: pause | resume | set NAME VALUE | rollback EPOCH | stop (end this trial, start the next) | quit (stop; resumable) | help";

    public static async Task<int> RunAsync(string file, string? db)
    {
        var (loaded, text) = SweepFileLoader.Load(file);
        var spec = loaded with { Babysit = true, Concurrency = 1 };
        RunCommand.PreloadData(spec);
        return await DriveAsync(spec.Name, spec, text, db);
    }

    public static async Task<int> DriveAsync(string name, SweepSpec? spec, string text, string? db)
    {
        var clock = Stopwatch.StartNew();
        await using var host = await ActorTuneHost.StartAsync(DatabaseLocation.Parse(db));
        var channel = Channel.CreateUnbounded<object>();
        var (session, reply) = await RunCommand.StartAsync(host.System, name, spec, text, slots: 1, channel.Writer);
        if (reply is SweepRejected rejected)
        {
            Console.Error.WriteLine($"actortune: {CommandHint.Rejection(rejected, name, db)}");
            return rejected.BadInput ? ExitCodes.BadInput : ExitCodes.Failure;
        }
        Console.WriteLine($"babysitting {name}: one trial at a time. {Help}");
        using var quit = CancellationTokenSource.CreateLinkedTokenSource(host.Stopping);
        // Console.In reads synchronously whatever the API says: on a thread of its own, it cannot hold up the sweep.
        var input = Task.Run(() => ReadCommandsAsync(session, quit));
        var state = ((SweepStarted)reply).State;
        try
        {
            await foreach (var message in channel.Reader.ReadAllAsync(quit.Token))
            {
                switch (message)
                {
                    case SweepEventPublished published:
                        state = published.ApplyTo(state);
                        if (Line(published.Event, state) is { } line)
                        {
                            Console.WriteLine(line);
                        }
                        break;
                    case SweepFinished finished:
                        SweepTables.WriteSummary(finished.State, clock.Elapsed.TotalSeconds);
                        return RunCommand.ExitCodeOf(finished.State);
                    case SweepRejected failed:
                        Console.Error.WriteLine($"actortune: {failed.Reason}");
                        return ExitCodes.Failure;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        var stopped = await session.Ask<SweepStopped>(new StopSweep(), TimeSpan.FromSeconds(10));
        Console.Error.WriteLine($"stopped: {stopped.State.Finished} of {stopped.State.RequireSpec().Trials} trials done; " +
                                $"continue with {CommandHint.Resume(name, db)}");
        GC.KeepAlive(input);
        return ExitCodes.Interrupted;
    }

    /// <summary>One line per epoch with the curve so far, and one per start, end and intervention.</summary>
    private static string? Line(SweepEvent @event, SweepState state)
    {
        var spec = state.RequireSpec();
        switch (@event)
        {
            case TrialStarted started:
                var trial = state.Trial(started.TrialId);
                var from = started.FromEpoch > 0 ? $" from epoch {started.FromEpoch}" : "";
                return $"trial {started.TrialId} started{from}: {Formats.Config(trial.CurrentConfig)}";
            case EpochReported epoch:
                var curve = state.Trial(epoch.TrialId).Epochs.Select(e => e.Metric(spec.Metric) ?? double.NaN).ToList();
                var others = string.Join("  ", epoch.Metrics.Where(m => m.Key != spec.Metric)
                    .Select(m => $"{m.Key}={Formats.Metric(m.Value)}"));
                return string.Create(CultureInfo.InvariantCulture,
                    $"trial {epoch.TrialId} epoch {epoch.Epoch}/{spec.Epochs}  {spec.Metric}={Formats.Metric(curve[^1])}  {Sparkline.Of(curve)}  {others}");
            case TrialIntervened intervened:
                return $"trial {intervened.TrialId}: {intervened.Action} {intervened.Detail} (after epoch {intervened.Epoch})";
            case TrialEnded ended:
                var done = state.Trial(ended.TrialId);
                return $"trial {ended.TrialId} {ended.Status.ToName()}{(ended.Reason is null ? "" : $" ({ended.Reason})")}: " +
                       $"best {spec.Metric}={Formats.Metric(done.BestValue)}; sweep best {Formats.Metric(state.Best()?.BestValue)}";
            default:
                return null;
        }
    }

    /// <summary>Reads commands line by line from standard input until it ends or the sweep is over.</summary>
    private static async Task ReadCommandsAsync(IActorRef session, CancellationTokenSource quit)
    {
        var stdin = Console.In;
        while (!quit.IsCancellationRequested)
        {
            string? line;
            try
            {
                line = await stdin.ReadLineAsync(quit.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (line is null)
            {
                return; // no more input: the trials go on by themselves
            }
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (words.Length == 0)
            {
                continue;
            }
            var command = words[0].ToLowerInvariant();
            if (command is "quit" or "exit")
            {
                await quit.CancelAsync();
                return;
            }
            if (command is "help" or "?")
            {
                Console.WriteLine(Help);
                continue;
            }
            var intervene = command switch
            {
                "set" when words.Length == 3 => new Intervene("set", words[1], words[2]),
                "rollback" when words.Length == 2 && int.TryParse(words[1], out var epoch) => new Intervene("rollback", Epoch: epoch),
                "continue" => new Intervene("resume"),
                _ => new Intervene(command),
            };
            try
            {
                var answer = await session.Ask<InterventionReply>(intervene, TimeSpan.FromSeconds(10));
                Console.WriteLine(answer.Accepted ? answer.Message : $"refused: {answer.Message}");
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
            {
                Console.WriteLine("no answer: the sweep is busy or over");
            }
        }
    }
}
