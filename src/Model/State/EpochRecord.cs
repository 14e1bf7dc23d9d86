using System.Collections.Immutable;

namespace ActorTune.Model.State;

/// <summary>One epoch of one trial: its metrics (train_loss, val_loss, val_accuracy, …) and how long it took.</summary>
public sealed record EpochRecord(int Epoch, ImmutableSortedDictionary<string, double> Metrics, double Seconds)
{
    public double? Metric(string name) => Metrics.TryGetValue(name, out var value) ? value : null;

    public bool Equals(EpochRecord? other) =>
        other is not null && Epoch == other.Epoch && Seconds.Equals(other.Seconds) &&
        Metrics.Count == other.Metrics.Count &&
        Metrics.All(pair => other.Metrics.TryGetValue(pair.Key, out var value) && value.Equals(pair.Value));

    public override int GetHashCode() => HashCode.Combine(Epoch, Metrics.Count);
}
