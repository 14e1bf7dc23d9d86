namespace ActorTune.Model.State;

/// <summary>Where a sweep is in its life, as <c>list</c> and <c>show</c> print it.</summary>
public enum SweepStatus
{
    /// <summary>Nothing defined under that name.</summary>
    Unknown,
    /// <summary>Defined and not finished: running now, or interrupted and resumable.</summary>
    Running,
    /// <summary>Paused by a person: nothing runs until it is continued.</summary>
    Paused,
    Completed,
    /// <summary>Ended with every trial failed: nothing the sweep set out to measure was measured.</summary>
    Failed,
    /// <summary>Cancelled by a person: it will not run again.</summary>
    Cancelled,
}

public static class SweepStatusExtensions
{
    public static string ToName(this SweepStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>Completed, failed or cancelled: a host does not resume it.</summary>
    public static bool IsFinal(this SweepStatus status) => status is SweepStatus.Completed or SweepStatus.Failed or SweepStatus.Cancelled;
}
