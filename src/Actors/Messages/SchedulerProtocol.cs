using ActorTune.Model.Schedulers;

namespace ActorTune.Actors.Messages;

/// <summary>Replaces the scheduler's history with the one the log implies (on start and recovery).</summary>
public sealed record RestoreSchedulerHistory(IReadOnlyList<(int TrialId, IReadOnlyList<double> Scores)> Trials);

/// <summary>A trial's score (larger is better) at an epoch; answered with <see cref="SchedulerAnswer"/>.</summary>
public sealed record ScoreEpoch(int TrialId, int Attempt, int Epoch, double Score);

/// <summary>A trial restarts after <paramref name="FromEpoch"/>: its later scores will come again.</summary>
public sealed record RestartScores(int TrialId, int FromEpoch);

public sealed record SchedulerAnswer(int TrialId, int Attempt, int Epoch, SchedulerDecision Decision);
