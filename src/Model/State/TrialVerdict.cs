using ActorTune.Model.Sweep;
using ActorTune.Model.Training;

namespace ActorTune.Model.State;

/// <summary>What happens to a trial after an epoch.</summary>
public enum TrialVerdict
{
    Continue,
    Complete,
    Diverged,
    Prune,
}

/// <summary>The rules that end a trial, apart from any scheduler: divergence and the epoch budget.</summary>
public static class TrialRules
{
    public static TrialVerdict AfterEpoch(SweepSpec spec, int epoch, IReadOnlyDictionary<string, double> metrics)
    {
        if (MetricNames.HasDiverged(metrics) || (metrics.TryGetValue(spec.Metric, out var value) && !double.IsFinite(value)))
        {
            return TrialVerdict.Diverged;
        }
        return epoch >= spec.Epochs ? TrialVerdict.Complete : TrialVerdict.Continue;
    }

    /// <summary>
    /// Whether a trial may go from one epoch to the next without waiting for the supervisor's word: when nothing
    /// but the epoch budget and divergence can stop it between epochs (no scheduler, nobody babysitting), which
    /// the trial can judge itself. It still reports every epoch, and can still be stopped between any two.
    /// </summary>
    public static bool RunsOnItsOwn(SweepSpec spec) => spec.Scheduler.Type == "none" && !spec.Babysit;

    public static TrialStatus StatusOf(TrialVerdict verdict) => verdict switch
    {
        TrialVerdict.Complete => TrialStatus.Completed,
        TrialVerdict.Diverged => TrialStatus.Diverged,
        TrialVerdict.Prune => TrialStatus.Pruned,
        _ => TrialStatus.Running,
    };
}
