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
/// <see cref="Dropped"/> is set only in a lean state (the running supervisor's): an ended trial keeps just its best and
/// last epochs there, and <see cref="Dropped"/> what the others leave behind (their seconds, the metric trail).
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
    ImmutableList<Intervention>? Interventions = null,
    DroppedEpochs? Dropped = null)
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

    public double Seconds => Epochs.Sum(e => e.Seconds) + (Dropped?.Seconds ?? 0);

    /// <summary>
    /// The trial with only its best epoch on <paramref name="metric"/> and its last epoch kept (what a lean state keeps of
    /// an ended trial: its value, its best epoch, its length and its time still read right). With
    /// <paramref name="keepTrail"/> the metric at every epoch is kept too, as a double each, for a scheduler.
    /// </summary>
    public TrialState WithEpochsDropped(string metric, Goal goal, bool keepTrail)
    {
        if (Dropped is not null || (Epochs.Count <= 2 && !keepTrail))
        {
            return this;
        }
        var best = BestEpoch(metric, goal);
        var kept = Epochs.Where(e => e.Epoch == best || e.Epoch == LastEpoch).ToImmutableList();
        var seconds = Epochs.Where(e => !kept.Contains(e)).Sum(e => e.Seconds);
        var trail = keepTrail ? Epochs.Select(e => e.Metric(metric) ?? double.NaN).ToImmutableArray() : ImmutableArray<double>.Empty;
        return this with { Epochs = kept, Dropped = new DroppedEpochs(seconds, trail) };
    }
}
