using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using ActorTune.Actors.Messages;
using ActorTune.Actors.Persistence;
using ActorTune.Host.Configuration;
using ActorTune.Host.Hosting;
using ActorTune.Host.Output;
using ActorTune.Model.Events;
using ActorTune.Model.Space;
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
                        foreach (var line in Lines(published.Event, state, TextFit.Width))
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

    /// <summary>The fewest points of the curve worth drawing beside the other metrics; below that they go on a line of their own.</summary>
    private const int MinCurve = 12;

    /// <summary>
    /// One line per epoch with the curve of its last epochs (as many as fit the width), and one per start, end and
    /// intervention; nothing wider than <paramref name="width"/>.
    /// </summary>
    public static IReadOnlyList<string> Lines(SweepEvent @event, SweepState state, int width)
    {
        var spec = state.RequireSpec();
        switch (@event)
        {
            case TrialStarted started:
                var trial = state.Trial(started.TrialId);
                var from = started.FromEpoch > 0 ? $" from epoch {started.FromEpoch}" : "";
                return TextFit.Wrap(trial.CurrentConfig.Values.Select(p => $"{p.Key}={TrialConfig.Short(p.Value)}"), width,
                    $"trial {started.TrialId} started{from}: ");
            case EpochReported epoch:
                var curve = state.Trial(epoch.TrialId).Epochs.Select(e => e.Metric(spec.Metric) ?? double.NaN).ToList();
                var others = string.Join("  ", epoch.Metrics.Where(m => m.Key != spec.Metric)
                    .Select(m => $"{m.Key}={Formats.Metric(m.Value)}"));
                var head = string.Create(CultureInfo.InvariantCulture,
                    $"trial {epoch.TrialId} epoch {epoch.Epoch}/{spec.Epochs}  {spec.Metric}={Formats.Metric(curve[^1])}  ");
                var beside = width - head.Length - (others.Length > 0 ? others.Length + 2 : 0);
                if (beside >= Math.Min(MinCurve, curve.Count) || others.Length == 0)
                {
                    var line = head + Sparkline.Of(curve, Math.Max(1, beside)) + (others.Length > 0 ? "  " + others : "");
                    return [TextFit.Cut(line, width)];
                }
                return [TextFit.Cut(head + Sparkline.Of(curve, Math.Max(1, width - head.Length)), width), .. TextFit.Wrap(others.Split("  "), width, "    ")];
            case TrialIntervened intervened:
                var detail = intervened.Detail.Length > 0 ? " " + intervened.Detail : "";
                return TextFit.Wrap($"trial {intervened.TrialId}: {intervened.Action}{detail} (after epoch {intervened.Epoch})".Split(' '), width, separator: " ");
            case TrialEnded ended:
                var done = state.Trial(ended.TrialId);
                return TextFit.Wrap(($"trial {ended.TrialId} {ended.Status.ToName()}{(ended.Reason is null ? "" : $" ({ended.Reason})")}: " +
                       $"best {spec.Metric}={Formats.Metric(done.BestValue)}; sweep best {Formats.Metric(state.Best()?.BestValue)}").Split(' '), width, separator: " ");
            default:
                return [];
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
                // An accepted command with nothing to add is shown once: by its event's line, as it is logged.
                if (!answer.Accepted || answer.Message.Length > 0)
                {
                    Console.WriteLine(answer.Accepted ? answer.Message : $"refused: {answer.Message}");
                }
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
            {
                Console.WriteLine("no answer: the sweep is busy or over");
            }
        }
    }
}
