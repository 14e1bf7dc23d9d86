using System.Collections.Immutable;

namespace ActorTune.Model.State;

/// <summary>
/// What a lean state (<see cref="SweepState.Lean"/>) keeps of the epochs it dropped from an ended trial: the seconds
/// they took (so the trial's time stays whole) and, for a sweep with a scheduler, the sweep's metric at every epoch of
/// the trial (NaN where it was not reported), from which the scheduler's history is rebuilt on recovery. A double per
/// epoch instead of a record with a dictionary of metrics: that is what makes a running sweep's memory flat in epochs.
/// </summary>
public sealed record DroppedEpochs(double Seconds, ImmutableArray<double> Trail)
{
    /// <summary>The metric at epoch <paramref name="epoch"/> (1-based) as the trail has it, null when it has none.</summary>
    public double? MetricAt(int epoch) =>
        !Trail.IsDefaultOrEmpty && epoch >= 1 && epoch <= Trail.Length && !double.IsNaN(Trail[epoch - 1]) ? Trail[epoch - 1] : null;
}
