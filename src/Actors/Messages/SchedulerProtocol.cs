using ActorTune.Model.Schedulers;
using ActorTune.Model.Space;

namespace ActorTune.Actors.Messages;

/// <summary>Replaces the scheduler's history with the one the log implies (on start and recovery).</summary>
public sealed record RestoreSchedulerHistory(IReadOnlyList<(int TrialId, TrialConfig Config, IReadOnlyList<double> Scores)> Trials);

/// <summary>A trial's score (larger is better) at an epoch; answered with <see cref="SchedulerAnswer"/>.</summary>
public sealed record ScoreEpoch(int TrialId, int Attempt, int Epoch, double Score);

/// <summary>A trial (re)starts after <paramref name="FromEpoch"/> with <paramref name="Config"/>: later scores will come again.</summary>
public sealed record TrialLaunched(int TrialId, int FromEpoch, TrialConfig Config);

public sealed record SchedulerAnswer(int TrialId, int Attempt, int Epoch, SchedulerDecision Decision);
