using System.Collections.Immutable;
using ActorTune.Model.Events;
using ActorTune.Model.Schedulers;
using ActorTune.Model.Space;
using ActorTune.Model.Sweep;

namespace ActorTune.Model.State;

/// <summary>
/// A sweep's state: a pure fold over its events. Recovery replays the log through <see cref="Apply"/>;
/// <c>show</c> and the tests do the same. Trial ids are 1, 2, 3, … so trial k lives at index k-1.
/// A <see cref="Lean"/> state (the running supervisor's and <c>run</c>'s progress view's) drops the epochs of a trial as
/// it ends, all but its best and last (<see cref="TrialState.WithEpochsDropped"/>): what the sweep decides from
/// never needs them, and readers that show them (show, report, export, the dashboard) fold the journal into a full
/// state of their own.
/// </summary>
public sealed record SweepState(
    SweepSpec? Spec,
    SweepStatus Status,
    ImmutableList<TrialState> Trials,
    ImmutableList<SearchRegion> Regions,
    DateTimeOffset? DefinedAt,
    DateTimeOffset? CompletedAt,
    long EventCount,
    int RunningCount = 0,
    int FinishedCount = 0,
    int? BestTrialId = null,
    double RunningSeconds = 0,
    bool TimeBudgetSpent = false,
    bool Lean = false)
{
    public static readonly SweepState Empty = new(
        null, SweepStatus.Unknown, ImmutableList<TrialState>.Empty, ImmutableList<SearchRegion>.Empty, null, null, 0);

    /// <summary>
    /// The same state, lean: every ended trial's epochs dropped but its best and last, and so for every trial that ends
    /// from now on. A scheduler's sweep keeps each ended trial's metric trail (its history is rebuilt from it).
    /// </summary>
    public SweepState AsLean() =>
        Spec is null ? this with { Lean = true } : this with { Lean = true, Trials = Trials.Select(DropEndedEpochs).ToImmutableList() };

    private TrialState DropEndedEpochs(TrialState trial)
    {
        var spec = RequireSpec();
        return trial.Status.IsFinished() ? trial.WithEpochsDropped(spec.Metric, spec.Goal, !SchedulerCatalog.IsNone(spec)) : trial;
    }

    public int NextTrialId => Trials.Count + 1;

    public TrialState Trial(int id) => Trials[id - 1];

    public bool HasTrial(int id) => id >= 1 && id <= Trials.Count;

    public int Running => RunningCount;

    public int Finished => FinishedCount;

    /// <summary>Trials proposed and not ended (pending or running), from the kept counters.</summary>
    public int UnfinishedCount => Trials.Count - FinishedCount;

    /// <summary>
    /// Why a sweep ended before its trial budget, as <c>run</c>, <c>show</c> and <c>list</c> print it after the status
    /// ("completed (time budget)") and <c>show --json</c> as "reason"; null when it ran its course.
    /// </summary>
    public string? EndReason => Status == SweepStatus.Completed && TimeBudgetSpent ? "time budget" : null;

    /// <summary>The status with its end reason, if any: "completed (time budget)".</summary>
    public string StatusText => EndReason is { } reason ? $"{Status.ToName()} ({reason})" : Status.ToName();

    public SweepSpec RequireSpec() => Spec ?? throw new InvalidOperationException("the sweep is not defined");

    public SweepState Apply(SweepEvent @event)
    {
        var next = @event switch
        {
            SweepDefined e => this with { Spec = e.Spec, Status = SweepStatus.Running, DefinedAt = e.At },
            TrialProposed e => ApplyProposed(e),
            TrialStarted e => UpdateTrial(e.TrialId, t => WithBestValue(t with
            {
                Status = TrialStatus.Running,
                Attempt = e.Attempt,
                Node = e.Node,
                StartedAt = t.StartedAt ?? e.At,
                Epochs = t.Epochs.RemoveAll(epoch => epoch.Epoch > e.FromEpoch),
                Reason = null,
                EndedAt = null,
                ResumedFrom = e.FromEpoch,
            })),
            EpochReported e => UpdateTrial(e.TrialId, t => AcceptsReport(t, e.Attempt, e.Epoch)
                ? WithEpoch(t, new EpochRecord(e.Epoch, e.Metrics, e.Seconds))
                : t),
            TrialEnded e => UpdateTrial(e.TrialId, t => t.Attempt == e.Attempt && !t.Status.IsFinished()
                ? Ended(t with { Status = e.Status, Reason = e.Reason, EndedAt = e.At })
                : t),
            TrialConfigChanged e => UpdateTrial(e.TrialId, t => t with
            {
                Schedule = (t.Schedule ?? ImmutableList<ConfigChange>.Empty)
                    .RemoveAll(c => c.FromEpoch >= e.Epoch)
                    .Add(new ConfigChange(e.Epoch, e.Donor, e.DonorEpoch, e.Config, e.Reason)),
            }),
            TrialIntervened e => UpdateTrial(e.TrialId, t => t with
            {
                Interventions = (t.Interventions ?? ImmutableList<Intervention>.Empty).Add(new Intervention(e.Epoch, e.Action, e.Detail, e.At)),
            }),
            ParametersDeclared e => ApplyDeclared(e),
            RegionNarrowed e => this with { Regions = Regions.Add(e.Region) },
            SweepPaused => this with { Status = SweepStatus.Paused },
            SweepContinued => this with { Status = SweepStatus.Running },
            SweepCancelled e => this with { Status = SweepStatus.Cancelled, CompletedAt = e.At },
            SweepCompleted e => this with { Status = EndStatus(Trials), CompletedAt = e.At },
            SweepTimeUsed e => this with { RunningSeconds = Math.Max(RunningSeconds, e.Seconds) },
            TimeBudgetElapsed e => this with { RunningSeconds = Math.Max(RunningSeconds, e.Seconds), TimeBudgetSpent = true },
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

    private TrialState Ended(TrialState trial) => Lean ? DropEndedEpochs(trial) : trial;

    private SweepState ApplyProposed(TrialProposed e)
    {
        if (e.TrialId != NextTrialId)
        {
            throw new InvalidOperationException($"trial {e.TrialId} proposed out of order (next is {NextTrialId})");
        }
        return this with { Trials = Trials.Add(TrialState.Proposed(e.TrialId, e.Config, e.Round)) };
    }

    private SweepState ApplyDeclared(ParametersDeclared e)
    {
        var spec = RequireSpec();
        var declared = this with { Spec = spec with { Space = ParameterDeclarations.Extend(spec.Space, e.Parameters) } };
        return declared.UpdateTrial(e.TrialId, t => t with { Config = ParameterDeclarations.Merge(t.Config, e.Values) });
    }

    /// <summary>
    /// The same state with its kept indexes (counters, each trial's best value, the best trial) rebuilt from the
    /// trials themselves. A snapshot is read through this, so a snapshot written before an index existed, or
    /// with a wrong one, still recovers right.
    /// </summary>
    public SweepState Reindexed()
    {
        if (Spec is null)
        {
            return this;
        }
        var trials = Trials.Select(WithBestValue).ToImmutableList();
        return this with
        {
            // A snapshot of a sweep that ended before "failed" existed says completed.
            Status = Status is SweepStatus.Completed or SweepStatus.Failed ? EndStatus(trials) : Status,
            Trials = trials,
            RunningCount = trials.Count(t => t.Status == TrialStatus.Running),
            FinishedCount = trials.Count(t => t.Status.IsFinished()),
            BestTrialId = ScanBest(trials, Spec.Goal),
        };
    }

    /// <summary>Replaces one trial and keeps the counters and the best trial current.</summary>
    private SweepState UpdateTrial(int id, Func<TrialState, TrialState> update)
    {
        if (!HasTrial(id))
        {
            return this;
        }
        var before = Trial(id);
        var after = update(before);
        var next = this with
        {
            Trials = Trials.SetItem(id - 1, after),
            RunningCount = RunningCount - (before.Status == TrialStatus.Running ? 1 : 0) + (after.Status == TrialStatus.Running ? 1 : 0),
            FinishedCount = FinishedCount - (before.Status.IsFinished() ? 1 : 0) + (after.Status.IsFinished() ? 1 : 0),
        };
        if (after.BestValue == before.BestValue)
        {
            return next;
        }
        var goal = RequireSpec().Goal;
        if (BestTrialId == id && (after.BestValue is null || goal.IsBetter(before.BestValue!.Value, after.BestValue.Value)))
        {
            // The best trial got worse (a restart dropped its best epoch): the only case that needs a full scan.
            return next with { BestTrialId = ScanBest(next.Trials, goal) };
        }
        return after.BestValue is { } value && (next.BestTrialId is not { } bestId || goal.IsBetter(value, next.Trial(bestId).BestValue!.Value))
            ? next with { BestTrialId = id }
            : next;
    }

    private TrialState WithEpoch(TrialState trial, EpochRecord epoch)
    {
        var spec = RequireSpec();
        var improved = epoch.Metric(spec.Metric) is { } value && double.IsFinite(value) &&
                       (trial.BestValue is not { } best || spec.Goal.IsBetter(value, best));
        return trial with { Epochs = trial.Epochs.Add(epoch), BestValue = improved ? epoch.Metric(spec.Metric) : trial.BestValue };
    }

    private TrialState WithBestValue(TrialState trial)
    {
        var spec = RequireSpec();
        return trial with { BestValue = trial.Value(spec.Metric, spec.Goal) };
    }

    private static int? ScanBest(ImmutableList<TrialState> trials, Goal goal)
    {
        TrialState? best = null;
        foreach (var trial in trials)
        {
            if (trial.BestValue is { } value && (best is null || goal.IsBetter(value, best.BestValue!.Value)))
            {
                best = trial;
            }
        }
        return best?.Id;
    }

    /// <summary>
    /// How a sweep that ran to its end ended: failed when every trial failed (a broken trainer, a missing program),
    /// so that scripts and <c>list</c> do not take it for a result; otherwise completed.
    /// </summary>
    private static SweepStatus EndStatus(ImmutableList<TrialState> trials) =>
        trials.Count > 0 && trials.All(t => t.Status == TrialStatus.Failed) ? SweepStatus.Failed : SweepStatus.Completed;

    /// <summary>The trial that failed first (by when it ended, then id), whose reason a failed sweep is reported with; null if none failed.</summary>
    public TrialState? FirstFailure() =>
        Trials.Where(t => t.Status == TrialStatus.Failed).OrderBy(t => t.EndedAt ?? DateTimeOffset.MaxValue).ThenBy(t => t.Id).FirstOrDefault();

    /// <summary>The best trial on the sweep's metric, or null while no trial has a value.</summary>
    public TrialState? Best() => BestTrialId is { } id ? Trial(id) : null;

    /// <summary>Trials best first; trials without a value last, by id.</summary>
    public IReadOnlyList<TrialState> Ranked()
    {
        var spec = RequireSpec();
        return Trials
            .OrderBy(t => t.BestValue is null ? 1 : 0)
            .ThenByDescending(t => t.BestValue is { } v ? spec.Goal.Score(v) : 0)
            .ThenBy(t => t.Id)
            .ToList();
    }
}
