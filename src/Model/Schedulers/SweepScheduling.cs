using ActorTune.Model.Space;
using ActorTune.Model.State;
using ActorTune.Model.Sweep;

namespace ActorTune.Model.Schedulers;

/// <summary>
/// A running sweep's scheduler with the history it decides from. Its decisions are pure and take microseconds, so the
/// supervisor asks it inline after each epoch instead of a round trip to another actor; the history is what the log
/// implies, rebuilt on start and kept current as trials (re)launch and report.
/// </summary>
public sealed class SweepScheduling
{
    private readonly ITrialScheduler _scheduler;
    private readonly SchedulerHistory _history = new();

    private SweepScheduling(ITrialScheduler scheduler)
    {
        _scheduler = scheduler;
    }

    /// <summary>The sweep's scheduler with every trial's scores so far, or null for a sweep without one.</summary>
    public static SweepScheduling? For(SweepState state)
    {
        var spec = state.RequireSpec();
        if (SchedulerCatalog.IsNone(spec))
        {
            return null;
        }
        var scheduling = new SweepScheduling(SchedulerCatalog.Create(spec));
        foreach (var trial in state.Trials)
        {
            scheduling._history.SetConfig(trial.Id, trial.CurrentConfig);
            for (var epoch = 1; epoch <= trial.LastEpoch; epoch++)
            {
                scheduling._history.Record(trial.Id, epoch, Score(spec, MetricAt(trial, epoch, spec.Metric)));
            }
        }
        return scheduling;
    }

    /// <summary>A trial's metric at an epoch: from its epochs, or from the trail a lean state kept of an ended trial.</summary>
    private static double? MetricAt(TrialState trial, int epoch, string metric) =>
        trial.Dropped is { } dropped ? dropped.MetricAt(epoch)
        : epoch <= trial.Epochs.Count && trial.Epochs[epoch - 1].Epoch == epoch ? trial.Epochs[epoch - 1].Metric(metric)
        : trial.Epochs.FirstOrDefault(e => e.Epoch == epoch)?.Metric(metric);

    /// <summary>A trial (re)starts after <paramref name="fromEpoch"/> with <paramref name="config"/>: later scores come again.</summary>
    public void Launched(int trialId, int fromEpoch, TrialConfig config)
    {
        _history.Restart(trialId, fromEpoch);
        _history.SetConfig(trialId, config);
    }

    /// <summary>Records the trial's score (larger is better) at the epoch and decides whether it goes on.</summary>
    public SchedulerDecision Decide(int trialId, int epoch, double score)
    {
        _history.Record(trialId, epoch, score);
        return _scheduler.Decide(_history, trialId, epoch);
    }

    /// <summary>A metric value as a score where larger is better; a missing or non-finite value is the worst.</summary>
    public static double Score(SweepSpec spec, double? value) =>
        value is { } v && double.IsFinite(v) ? spec.Goal.Score(v) : double.NegativeInfinity;
}
