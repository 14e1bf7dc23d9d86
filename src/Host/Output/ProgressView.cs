using System.Threading.Channels;
using ActorTune.Actors.Messages;
using ActorTune.Model.Events;
using ActorTune.Model.State;
using Spectre.Console;

namespace ActorTune.Host.Output;

/// <summary>
/// Shows a running sweep: a live table on a terminal (Spectre.Console), one plain line per trial event when
/// the output is a pipe or a file. Returns when the sweep finishes or <paramref name="stopping"/> fires.
/// </summary>
public static class ProgressView
{
    public static bool Interactive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

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
                        if (PlainLine(published.Event, state) is { } line)
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

    private static string? PlainLine(SweepEvent @event, SweepState state)
    {
        var spec = state.RequireSpec();
        switch (@event)
        {
            case TrialStarted started:
                var trial = state.Trial(started.TrialId);
                var again = started.Attempt > 1 ? $" (attempt {started.Attempt})" : "";
                return $"trial {started.TrialId} started{again}: {Formats.Config(trial.Config)}";
            case TrialEnded ended:
                var done = state.Trial(ended.TrialId);
                var best = state.Best();
                var reason = ended.Reason is null ? "" : $" ({ended.Reason})";
                return $"[{state.Finished}/{spec.Trials}] trial {ended.TrialId} {ended.Status.ToName()}{reason}: " +
                       $"{spec.Metric}={Formats.Metric(done.Value(spec.Metric, spec.Goal))} after {done.LastEpoch} epochs; " +
                       $"best {Formats.Metric(best?.Value(spec.Metric, spec.Goal))} (trial {best?.Id.ToString() ?? "-"})";
            default:
                return null;
        }
    }

    private static async Task<Outcome> LiveAsync(ChannelReader<object> messages, SweepState state, CancellationToken stopping)
    {
        Outcome outcome = new(null, null);
        await AnsiConsole.Live(Render(state)).AutoClear(false).StartAsync(async context =>
        {
            try
            {
                while (await messages.WaitToReadAsync(stopping))
                {
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
                    context.UpdateTarget(Render(state));
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

    /// <summary>Running trials first (with their current epoch), then the best finished ones.</summary>
    private static Table Render(SweepState state)
    {
        var spec = state.RequireSpec();
        var best = state.Best();
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]{Markup.Escape(spec.Name)}[/]  {state.Finished}/{spec.Trials} trials done  " +
                   $"best {Markup.Escape(spec.Metric)} {Formats.Metric(best?.Value(spec.Metric, spec.Goal))}" +
                   (best is null ? "" : $" (trial {best.Id})"));
        table.AddColumn("trial").AddColumn("status").AddColumn("epoch").AddColumn(new TableColumn(Markup.Escape(spec.Metric)))
            .AddColumn(new TableColumn("best")).AddColumn("params");
        var running = state.Trials.Where(t => t.Status == TrialStatus.Running).OrderBy(t => t.Id);
        var finished = state.Ranked().Where(t => t.Status.IsFinished()).Take(8);
        foreach (var trial in running.Concat(finished))
        {
            var last = trial.Epochs.Count > 0 ? trial.Epochs[^1].Metric(spec.Metric) : null;
            var status = trial.Status switch
            {
                TrialStatus.Running => "[yellow]running[/]",
                TrialStatus.Completed => "[green]completed[/]",
                TrialStatus.Failed or TrialStatus.Diverged => $"[red]{trial.Status.ToName()}[/]",
                _ => trial.Status.ToName(),
            };
            table.AddRow(
                trial.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                status,
                $"{trial.LastEpoch}/{spec.Epochs}",
                Formats.Metric(last),
                Formats.Metric(trial.Value(spec.Metric, spec.Goal)),
                Markup.Escape(Formats.Config(trial.Config, spec.Space.Searched.Select(p => p.Name).ToList())));
        }
        return table;
    }
}
