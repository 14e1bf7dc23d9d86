using ActorTune.Model.State;

namespace ActorTune.Model.Training.Objectives;

/// <summary>
/// Thrown by <see cref="ITrainable.RunEpoch"/> of a trainable that has nothing more to train: an objective that returned
/// (the trial is complete) or pruned itself. The trial ends with <see cref="Status"/>, without this epoch.
/// </summary>
public sealed class TrainingEndedException(TrialStatus status, string? reason)
    : Exception(reason ?? $"the objective ended the trial as {status}")
{
    /// <summary>How the trial ends: completed or pruned.</summary>
    public TrialStatus Status { get; } = status;

    /// <summary>Why, when the objective said (a pruned trial's message).</summary>
    public string? Reason { get; } = reason;
}

/// <summary>
/// Thrown by <see cref="ITrainable.RunEpoch"/> when the program that owns the objective is stopping the sweep: the trial
/// neither failed nor ended, and continues from its checkpoint when the sweep is resumed.
/// </summary>
public sealed class TrainingInterruptedException()
    : Exception("the program running the objective is stopping the sweep");
