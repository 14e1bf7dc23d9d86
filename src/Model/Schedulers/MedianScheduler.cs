using System.Globalization;

namespace ActorTune.Model.Schedulers;

/// <summary>
/// Stops a trial whose best score so far is below the median of the other trials' best scores at the same
/// epoch, once the trial is past <c>grace</c> epochs and at least <c>min-trials</c> others have reached that epoch.
/// </summary>
/// <example><c>scheduler { type = median, grace = 3, min-trials = 3 }</c></example>
public sealed class MedianScheduler(int grace, int minTrials) : ITrialScheduler
{
    public const int DefaultGrace = 3;
    public const int DefaultMinTrials = 3;

    public SchedulerDecision Decide(SchedulerHistory history, int trialId, int epoch)
    {
        if (epoch <= grace || history.BestUpTo(trialId, epoch) is not { } mine)
        {
            return SchedulerDecision.Continue;
        }
        var others = history.Trials.Where(t => t != trialId)
            .Select(t => history.BestUpTo(t, epoch)).OfType<double>().ToList();
        if (others.Count < minTrials)
        {
            return SchedulerDecision.Continue;
        }
        var median = Quantiles.Of(others, 0.5);
        return mine < median
            ? SchedulerDecision.Prune(string.Create(CultureInfo.InvariantCulture,
                $"median: best so far below the median of {others.Count} trials at epoch {epoch}"))
            : SchedulerDecision.Continue;
    }
}
