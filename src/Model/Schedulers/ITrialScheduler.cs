namespace ActorTune.Model.Schedulers;

/// <summary>
/// Decides, after trial t reported epoch e, whether it goes on. A pure function of the history (like Optuna's
/// pruners reading the study): no state of its own, so recovery is a rebuilt history and nothing else.
/// </summary>
public interface ITrialScheduler
{
    SchedulerDecision Decide(SchedulerHistory history, int trialId, int epoch);
}
