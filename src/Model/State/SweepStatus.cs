namespace ActorTune.Model.State;

/// <summary>Where a sweep is in its life, as <c>list</c> and <c>show</c> print it.</summary>
public enum SweepStatus
{
    /// <summary>Nothing defined under that name.</summary>
    Unknown,
    /// <summary>Defined and not finished: running now, or interrupted and resumable.</summary>
    Running,
    Completed,
}

public static class SweepStatusExtensions
{
    public static string ToName(this SweepStatus status) => status.ToString().ToLowerInvariant();
}
