using System.Collections.Immutable;
using ActorTune.Model.Space;
using ActorTune.Model.Sweep;

namespace ActorTune.Model.State;

/// <summary>
/// One trial as the log tells it. <see cref="Epochs"/> are those of the trial's current (or final) attempt:
/// a restart drops the epochs it will redo, so no epoch is ever shown twice.
/// <see cref="ResumedFrom"/> is the epoch the current attempt continued from (its checkpoint), 0 for a fresh start.
/// <see cref="BestValue"/> is <see cref="Value"/> on the sweep's own metric, kept current by <see cref="SweepState.Apply"/>
/// so that finding the best trial does not rescan every epoch of every trial after each event.
/// <see cref="Schedule"/> lists the changes of hyperparameters during training (population-based training's
/// exploits, a babysitter's settings), each with the epoch it took effect; <see cref="Config"/> stays the proposal.
/// <see cref="Interventions"/> are what a babysitter did to the trial, in order.
/// </summary>
public sealed record TrialState(
    int Id,
    TrialConfig Config,
    int Round,
    TrialStatus Status,
    int Attempt,
    string? Node,
    ImmutableList<EpochRecord> Epochs,
    string? Reason,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    int ResumedFrom = 0,
    double? BestValue = null,
    ImmutableList<ConfigChange>? Schedule = null,
    ImmutableList<Intervention>? Interventions = null)
{
    /// <summary>The hyperparameters the trial trains with now: its proposal, or the newest change (population-based training).</summary>
    public TrialConfig CurrentConfig => Schedule is { Count: > 0 } changes ? changes[^1].Config : Config;

    /// <summary>
    /// The hyperparameters epoch <paramref name="epoch"/> (1, 2, …) trained with: the newest change that took effect
    /// before it, else the proposal. Everything that reports a trial's configuration next to one of its epochs (its
    /// best, an exported epoch, a plotted point) asks this, so a PBT exploit or a babysitter's <c>set</c> is never
    /// reported as the proposal it replaced. A change after epoch k applies from epoch k+1 on.
    /// </summary>
    public TrialConfig ConfigAt(int epoch)
    {
        var config = Config;
        // The fold keeps the schedule in epoch order (a new change drops those at or after its epoch).
        foreach (var change in Schedule ?? [])
        {
            if (change.FromEpoch >= epoch)
            {
                break;
            }
            config = change.Config;
        }
        return config;
    }

    /// <summary>The hyperparameters of the trial's best epoch on the metric; while it has no value, of its last epoch.</summary>
    public TrialConfig ConfigAtBest(string metric, Goal goal) => ConfigAt(BestEpoch(metric, goal) ?? LastEpoch);

    public static TrialState Proposed(int id, TrialConfig config, int round) =>
        new(id, config, round, TrialStatus.Pending, 0, null, ImmutableList<EpochRecord>.Empty, null, null, null);

    public int LastEpoch => Epochs.Count == 0 ? 0 : Epochs[^1].Epoch;

    /// <summary>The trial's value: its best epoch on the sweep's metric (null before any finite value).</summary>
    public double? Value(string metric, Goal goal)
    {
        double? best = null;
        foreach (var epoch in Epochs)
        {
            if (epoch.Metric(metric) is { } value && double.IsFinite(value) && (best is null || goal.IsBetter(value, best.Value)))
            {
                best = value;
            }
        }
        return best;
    }

    /// <summary>The epoch at which <see cref="Value"/> was reached.</summary>
    public int? BestEpoch(string metric, Goal goal)
    {
        var value = Value(metric, goal);
        return value is null ? null : Epochs.First(e => e.Metric(metric) == value).Epoch;
    }

    public double Seconds => Epochs.Sum(e => e.Seconds);
}
