namespace ActorTune.Model.State;

/// <summary>Where a trial is in its life; the names are those of <c>show --json</c>.</summary>
public enum TrialStatus
{
    Pending,
    Running,
    Completed,
    Pruned,
    Diverged,
    Failed,
}

public static class TrialStatusExtensions
{
    public static string ToName(this TrialStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>Ended for good: a finished trial is never run again.</summary>
    public static bool IsFinished(this TrialStatus status) => status is not (TrialStatus.Pending or TrialStatus.Running);
}
