namespace ActorTune.Model.Schedulers;

/// <summary>Every trial runs its full epoch budget (unless it diverges or fails).</summary>
/// <example><c>scheduler { type = none }</c></example>
public sealed class NoScheduler : ITrialScheduler
{
    public SchedulerDecision Decide(SchedulerHistory history, int trialId, int epoch) => SchedulerDecision.Continue;
}
