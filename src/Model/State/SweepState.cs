using System.Collections.Immutable;
using ActorTune.Model.Events;
using ActorTune.Model.Sweep;

namespace ActorTune.Model.State;

/// <summary>
/// A sweep's state: a pure fold over its events. Recovery replays the log through <see cref="Apply"/>;
/// <c>show</c> and the tests do the same. Trial ids are 1, 2, 3, … so trial k lives at index k-1.
/// </summary>
public sealed record SweepState(
    SweepSpec? Spec,
    SweepStatus Status,
    ImmutableList<TrialState> Trials,
    ImmutableList<SearchRegion> Regions,
    DateTimeOffset? DefinedAt,
    DateTimeOffset? CompletedAt,
    long EventCount)
{
    public static readonly SweepState Empty = new(
        null, SweepStatus.Unknown, ImmutableList<TrialState>.Empty, ImmutableList<SearchRegion>.Empty, null, null, 0);

    public int NextTrialId => Trials.Count + 1;

    public TrialState Trial(int id) => Trials[id - 1];

    public bool HasTrial(int id) => id >= 1 && id <= Trials.Count;

    public int Running => Trials.Count(t => t.Status == TrialStatus.Running);

    public int Finished => Trials.Count(t => t.Status.IsFinished());

    public SweepSpec RequireSpec() => Spec ?? throw new InvalidOperationException("the sweep is not defined");

    public SweepState Apply(SweepEvent @event)
    {
        var next = @event switch
        {
            SweepDefined e => this with { Spec = e.Spec, Status = SweepStatus.Running, DefinedAt = e.At },
            TrialProposed e => ApplyProposed(e),
            TrialStarted e => UpdateTrial(e.TrialId, t => t with
            {
                Status = TrialStatus.Running,
                Attempt = e.Attempt,
                Node = e.Node,
                StartedAt = t.StartedAt ?? e.At,
                Epochs = t.Epochs.RemoveAll(epoch => epoch.Epoch > e.FromEpoch),
                Reason = null,
                EndedAt = null,
                ResumedFrom = e.FromEpoch,
            }),
            EpochReported e => UpdateTrial(e.TrialId, t => AcceptsReport(t, e.Attempt, e.Epoch)
                ? t with { Epochs = t.Epochs.Add(new EpochRecord(e.Epoch, e.Metrics, e.Seconds)) }
                : t),
            TrialEnded e => UpdateTrial(e.TrialId, t => t.Attempt == e.Attempt && !t.Status.IsFinished()
                ? t with { Status = e.Status, Reason = e.Reason, EndedAt = e.At }
                : t),
            RegionNarrowed e => this with { Regions = Regions.Add(e.Region) },
            SweepCompleted e => this with { Status = SweepStatus.Completed, CompletedAt = e.At },
            _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "unknown sweep event"),
        };
        return next with { EventCount = EventCount + 1 };
    }

    /// <summary>
    /// Reports are idempotent by (trial, epoch) and count only from the trial's current attempt: a report from a
    /// node that was given up on, or a duplicate delivery, changes nothing.
    /// </summary>
    public static bool AcceptsReport(TrialState trial, int attempt, int epoch) =>
        trial.Status == TrialStatus.Running && trial.Attempt == attempt && epoch == trial.LastEpoch + 1;

    private SweepState ApplyProposed(TrialProposed e)
    {
        if (e.TrialId != NextTrialId)
        {
            throw new InvalidOperationException($"trial {e.TrialId} proposed out of order (next is {NextTrialId})");
        }
        return this with { Trials = Trials.Add(TrialState.Proposed(e.TrialId, e.Config, e.Round)) };
    }

    private SweepState UpdateTrial(int id, Func<TrialState, TrialState> update) =>
        HasTrial(id) ? this with { Trials = Trials.SetItem(id - 1, update(Trial(id))) } : this;

    /// <summary>The best trial on the sweep's metric, or null while no trial has a value.</summary>
    public TrialState? Best()
    {
        var spec = RequireSpec();
        TrialState? best = null;
        double bestValue = 0;
        foreach (var trial in Trials)
        {
            if (trial.Value(spec.Metric, spec.Goal) is { } value && (best is null || spec.Goal.IsBetter(value, bestValue)))
            {
                best = trial;
                bestValue = value;
            }
        }
        return best;
    }

    /// <summary>Trials best first; trials without a value last, by id.</summary>
    public IReadOnlyList<TrialState> Ranked()
    {
        var spec = RequireSpec();
        return Trials
            .OrderBy(t => t.Value(spec.Metric, spec.Goal) is null ? 1 : 0)
            .ThenByDescending(t => t.Value(spec.Metric, spec.Goal) is { } v ? spec.Goal.Score(v) : 0)
            .ThenBy(t => t.Id)
            .ToList();
    }
}
