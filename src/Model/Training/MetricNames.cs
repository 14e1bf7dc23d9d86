namespace ActorTune.Model.Training;

/// <summary>The metric names the built-in models report every epoch.</summary>
public static class MetricNames
{
    public const string TrainLoss = "train_loss";
    public const string TrainAccuracy = "train_accuracy";
    public const string ValidationLoss = "val_loss";
    public const string ValidationAccuracy = "val_accuracy";

    public static readonly IReadOnlyList<string> BuiltIn = [TrainLoss, TrainAccuracy, ValidationLoss, ValidationAccuracy];

    /// <summary>A trial whose loss is NaN or infinite has diverged: more epochs will not bring it back.</summary>
    public static bool HasDiverged(IReadOnlyDictionary<string, double> metrics) =>
        metrics.Any(pair => pair.Key.EndsWith("loss", StringComparison.Ordinal) && !double.IsFinite(pair.Value));
}
