using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using ActorTune.Actors.Messages;
using ActorTune.Model.Events;
using ActorTune.Model.Space;
using ActorTune.Model.State;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ActorTune.Host.Output;

/// <summary>
/// Shows a running sweep: a live table on a terminal (Spectre.Console), one plain line per trial event when
/// the output is a pipe or a file. Returns when the sweep finishes or <paramref name="stopping"/> fires.
/// </summary>
public static class ProgressView
{
    /// <summary><c>ACTORTUNE_LIVE=1</c> draws the live view even on a pipe (a test, a log viewer that plays ANSI); <c>0</c> never draws it.</summary>
    public static bool? Forced { get; set; }

    public static bool Interactive => Forced ?? (!Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive);

    public sealed record Outcome(SweepState? Finished, string? Failure);

    public static Task<Outcome> FollowAsync(ChannelReader<object> messages, SweepState initial, CancellationToken stopping) =>
        Interactive ? LiveAsync(messages, initial, stopping) : PlainAsync(messages, initial, stopping);

    private static async Task<Outcome> PlainAsync(ChannelReader<object> messages, SweepState state, CancellationToken stopping)
    {
        try
        {
            await foreach (var message in messages.ReadAllAsync(stopping))
            {
                switch (message)
                {
                    case SweepEventPublished published:
                        state = published.ApplyTo(state);
                        foreach (var line in PlainLines(published.Event, state, TextFit.Width))
                        {
                            Console.WriteLine(line);
                        }
                        break;
                    case SweepFinished finished:
                        return new Outcome(finished.State, null);
                    case SweepRejected rejected:
                        return new Outcome(null, rejected.Reason);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        return new Outcome(null, null);
    }

    /// <summary>One trial's start or end, wrapped to the output's width between words and <c>name=value</c> pairs.</summary>
    public static IReadOnlyList<string> PlainLines(SweepEvent @event, SweepState state, int width)
    {
        var spec = state.RequireSpec();
        switch (@event)
        {
            case TrialStarted started:
                var trial = state.Trial(started.TrialId);
                var again = started.Attempt > 1 ? $" (attempt {started.Attempt})" : "";
                return TextFit.Wrap(Pairs(trial.Config, null), width, $"trial {started.TrialId} started{again}: ");
            case TrialEnded ended:
                var done = state.Trial(ended.TrialId);
                var best = state.Best();
                var reason = ended.Reason is null ? "" : $" ({TextFit.Cut(ended.Reason, ReasonWidth)})";
                var text = $"[{state.Finished}/{spec.Trials}] trial {ended.TrialId} {ended.Status.ToName()}{reason}: " +
                           $"{spec.Metric}={Formats.Metric(done.Value(spec.Metric, spec.Goal))} after {done.LastEpoch} epochs; " +
                           $"best {Formats.Metric(best?.Value(spec.Metric, spec.Goal))} (trial {best?.Id.ToString(CultureInfo.InvariantCulture) ?? "-"})";
                return TextFit.Wrap(text.Split(' '), width, separator: " ");
            default:
                return [];
        }
    }

    /// <summary>A reason is cut here in progress lines and tables; <c>show --json</c> has it whole.</summary>
    private const int ReasonWidth = 40;

    private static IEnumerable<string> Pairs(TrialConfig config, IReadOnlyCollection<string>? only) =>
        config.Values.Where(p => only is null || only.Contains(p.Key)).Select(p => $"{p.Key}={TrialConfig.Short(p.Value)}");

    private static async Task<Outcome> LiveAsync(ChannelReader<object> messages, SweepState state, CancellationToken stopping)
    {
        Outcome outcome = new(null, null);
        var clock = Stopwatch.StartNew();
        var progress = new SweepProgress(state);
        var console = AnsiConsole.Console;
        await console.Live(Render(state, progress, clock.Elapsed, console.Profile.Width, console.Profile.Height))
            .AutoClear(false).Overflow(VerticalOverflow.Crop).Cropping(VerticalOverflowCropping.Bottom)
            .StartAsync(async context =>
            {
                try
                {
                    while (true)
                    {
                        // Wake at least once a second, so the elapsed time and the ETA tick while a long epoch runs.
                        using var tick = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                        tick.CancelAfter(TimeSpan.FromSeconds(1));
                        try
                        {
                            if (!await messages.WaitToReadAsync(tick.Token))
                            {
                                return;
                            }
                        }
                        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
                        {
                        }
                        while (messages.TryRead(out var message))
                        {
                            switch (message)
                            {
                                case SweepEventPublished published:
                                    state = published.ApplyTo(state);
                                    break;
                                case SweepFinished finished:
                                    state = finished.State;
                                    outcome = new Outcome(finished.State, null);
                                    break;
                                case SweepRejected rejected:
                                    outcome = new Outcome(null, rejected.Reason);
                                    break;
                            }
                        }
                        context.UpdateTarget(Render(state, progress, clock.Elapsed, console.Profile.Width, console.Profile.Height));
                        context.Refresh();
                        if (outcome.Finished is not null || outcome.Failure is not null)
                        {
                            return;
                        }
                        await Task.Delay(100, stopping);
                    }
                }
                catch (OperationCanceledException)
                {
                }
            });
        return outcome;
    }

    /// <summary>
    /// The live view, fitted to <paramref name="width"/> × <paramref name="height"/>: two progress lines that always
    /// show (trials done, best so far, a bar, elapsed time, ETA), then the running trials and the most recently
    /// finished ones, as many as fit; parameters are cut between pairs, never inside a number.
    /// </summary>
    public static IRenderable Render(SweepState state, SweepProgress progress, TimeSpan elapsed, int width, int height)
    {
        var spec = state.RequireSpec();
        var best = state.Best();
        var lines = new List<IRenderable>
        {
            new Markup($"[bold]{Markup.Escape(TextFit.Cut(spec.Name, Math.Max(1, width / 3)))}[/]  " + Markup.Escape(TextFit.Cut(
                $"{state.Finished}/{spec.Trials} trials done  best {spec.Metric} {Formats.Metric(best?.Value(spec.Metric, spec.Goal))}" +
                (best is null ? "" : $" (trial {best.Id})"), Math.Max(1, width - Math.Min(spec.Name.Length, width / 3) - 2)))),
            new Text(progress.Line(state, elapsed, width)),
        };
        var searched = spec.Space.Searched.Select(p => p.Name).ToList();
        var table = new TextTable()
            .Add(new("trial", Right: true))
            .Add(new("status"))
            .Add(new("epoch", Right: true))
            .Add(new(spec.Metric, Right: true))
            .Add(new("best", Right: true, DropRank: 1))
            .Add(new("params", Cuttable: true));
        // Two lines of progress, the table's header and rule, and one spare line for the cursor.
        var rows = Math.Max(1, height - 5);
        var running = state.Trials.Where(t => t.Status == TrialStatus.Running).OrderBy(t => t.Id).ToList();
        var finished = state.Trials.Where(t => t.Status.IsFinished()).OrderByDescending(t => t.EndedAt).ThenByDescending(t => t.Id);
        var more = running.Count > rows ? running.Count - (rows - 1) : 0;
        var shown = (more > 0 ? running.Take(rows - 1) : running.Concat(finished).Take(rows)).ToList();
        foreach (var trial in shown)
        {
            var last = trial.Epochs.Count > 0 ? trial.Epochs[^1].Metric(spec.Metric) : null;
            table.AddRow([
                trial.Id.ToString(CultureInfo.InvariantCulture),
                trial.Status.ToName(),
                $"{trial.LastEpoch}/{spec.Epochs}",
                Formats.Metric(last),
                Formats.Metric(trial.Value(spec.Metric, spec.Goal)),
                // In the sweep file's order (the learning rate usually first), so a cut keeps what the user put first.
                string.Join("  ", searched.Where(trial.CurrentConfig.Contains)
                    .Select(name => $"{name}={TrialConfig.Short(trial.CurrentConfig[name])}")),
            ]);
        }
        var rendered = table.Render(width);
        for (var i = 0; i < rendered.Count; i++)
        {
            var style = i < 2 ? "dim" : shown[i - 2].Status switch
            {
                TrialStatus.Running => "yellow",
                TrialStatus.Completed => "green",
                TrialStatus.Failed or TrialStatus.Diverged => "red",
                _ => "default",
            };
            lines.Add(new Markup($"[{style}]{Markup.Escape(rendered[i])}[/]"));
        }
        if (more > 0)
        {
            lines.Add(new Text($"  … and {more} more running"));
        }
        return new Rows(lines);
    }
}
