using System.Collections.Immutable;
using ActorTune.Model.Schedulers;
using ActorTune.Model.Strategies;

namespace ActorTune.Model.State;

/// <summary>Something the sweep's supervisor was told or found out, for <see cref="SweepDecider.Decide"/>.</summary>
public abstract record SweepInput;

/// <summary>
/// After any input has been acted on: propose for waiting workers, and end the sweep if nothing runs, waits or
/// can be proposed.
/// </summary>
public sealed record Settle(DateTimeOffset At) : SweepInput;

/// <summary>The strategy answered the question for trial <paramref name="TrialId"/>.</summary>
public sealed record ProposalAnswered(int TrialId, StrategyStep Step) : SweepInput;

/// <summary>A trial reported an epoch.</summary>
public sealed record EpochArrived(int TrialId, int Attempt, int Epoch, ImmutableSortedDictionary<string, double> Metrics, double Seconds)
    : SweepInput;

/// <summary>The scheduler's word on a trial after an epoch.</summary>
public sealed record SchedulerAnswered(int TrialId, int Attempt, int Epoch, SchedulerDecision Decision) : SweepInput;

/// <summary>A trial ends for a reason from outside the epoch rules: it failed, crashed, or a babysitter stopped it.</summary>
public sealed record TrialEnding(int TrialId, int Attempt, TrialStatus Status, string? Reason, DateTimeOffset At) : SweepInput;

/// <summary>The process stops; the sweep stays resumable.</summary>
public sealed record StopRequested : SweepInput;

/// <summary>A person asks to pause, continue or cancel the sweep.</summary>
public sealed record ControlRequested(string Action, string By, DateTimeOffset At) : SweepInput;

/// <summary>
/// The sweep's clock: it has run <paramref name="Seconds"/> in all. <paramref name="Training"/> are the trials
/// training on a worker now, which stop at their next epoch if the time budget is spent; every other unfinished
/// trial (pending, queued, held by a babysitter) ends at once.
/// </summary>
public sealed record ClockTicked(double Seconds, IReadOnlySet<int> Training, DateTimeOffset At) : SweepInput;
