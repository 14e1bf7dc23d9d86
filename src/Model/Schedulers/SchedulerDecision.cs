namespace ActorTune.Model.Schedulers;

/// <summary>A scheduler's word on a trial after an epoch: go on, or stop here (pruned) and why.</summary>
public sealed record SchedulerDecision(bool Stop, string? Reason)
{
    public static readonly SchedulerDecision Continue = new(false, null);

    public static SchedulerDecision Prune(string reason) => new(true, reason);
}
