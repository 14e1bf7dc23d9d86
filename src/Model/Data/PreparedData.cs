namespace ActorTune.Model.Data;

/// <summary>
/// The training and validation rows a trainer sees: the last <c>validation</c> fraction of rows held out,
/// features standardised with the training rows' mean and standard deviation only (no peeking at validation).
/// Immutable and shared read-only by every trial of a sweep.
/// </summary>
public sealed class PreparedData
{
    private PreparedData(float[] trainX, int[] trainY, float[] validX, int[] validY, int features, int classes)
    {
        TrainX = trainX;
        TrainY = trainY;
        ValidX = validX;
        ValidY = validY;
        Features = features;
        Classes = classes;
    }

    public float[] TrainX { get; }

    public int[] TrainY { get; }

    public float[] ValidX { get; }

    public int[] ValidY { get; }

    public int Features { get; }

    public int Classes { get; }

    public int TrainRows => TrainY.Length;

    public int ValidRows => ValidY.Length;

    public static PreparedData From(DataSet data, double validation)
    {
        // The first ⌊(1 − validation)·rows⌋ rows train and the rest validate (digits at 0.2: 1,437 and 360, the
        // convention of data/README.md); the small epsilon keeps 0.7·10 = 7.000…01 or 6.999…9 from moving a row.
        var trainRows = (int)Math.Floor(data.Rows * (1 - validation) + 1e-9);
        var validRows = data.Rows - trainRows;
        if (trainRows < 1 || validRows < 1)
        {
            throw new ArgumentException(
                $"validation = {validation} leaves {trainRows} training and {validRows} validation rows of {data.Rows}; both need at least one");
        }
        var d = data.FeatureCount;
        var (mean, scale) = Standardisation(data.Features, trainRows, d);
        var x = new float[data.Features.Length];
        for (var row = 0; row < data.Rows; row++)
        {
            for (var j = 0; j < d; j++)
            {
                x[row * d + j] = (float)((data.Features[row * d + j] - mean[j]) * scale[j]);
            }
        }
        return new PreparedData(
            x[..(trainRows * d)], data.Labels[..trainRows],
            x[(trainRows * d)..], data.Labels[trainRows..],
            d, data.Classes);
    }

    /// <summary>Mean and 1/σ per feature over the training rows; a constant feature gets scale 1, not ∞.</summary>
    private static (double[] Mean, double[] Scale) Standardisation(float[] features, int rows, int d)
    {
        var mean = new double[d];
        var scale = new double[d];
        for (var j = 0; j < d; j++)
        {
            var column = new double[rows];
            for (var row = 0; row < rows; row++)
            {
                column[row] = features[row * d + j];
            }
            mean[j] = MathNet.Numerics.Statistics.Statistics.Mean(column);
            var sigma = MathNet.Numerics.Statistics.Statistics.PopulationStandardDeviation(column);
            scale[j] = sigma > 1e-12 ? 1 / sigma : 1;
        }
        return (mean, scale);
    }
}
