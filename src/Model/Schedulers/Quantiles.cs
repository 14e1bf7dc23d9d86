namespace ActorTune.Model.Schedulers;

/// <summary>Sample quantiles with linear interpolation (R-7, numpy's default), from MathNet.</summary>
internal static class Quantiles
{
    public static double Of(IEnumerable<double> values, double tau) =>
        MathNet.Numerics.Statistics.Statistics.QuantileCustom(values, tau, MathNet.Numerics.Statistics.QuantileDefinition.R7);
}
