namespace ActorTune.Model.Data;

/// <summary>
/// The training and validation rows a trainer sees — one held-out split, or one fold of a cross-validation —
/// features standardised with the training rows' mean and standard deviation only (no peeking at validation).
/// Immutable and shared read-only by every trial of a sweep.
/// </summary>
public sealed class PreparedData
{
    private PreparedData(float[] trainX, int[] trainY, float[] validX, int[] validY, int features, IReadOnlyList<string> classNames,
        double[] mean, double[] scale)
    {
        TrainX = trainX;
        TrainY = trainY;
        ValidX = validX;
        ValidY = validY;
        Features = features;
        ClassNames = classNames;
        Mean = mean;
        Scale = scale;
    }

    public float[] TrainX { get; }

    public int[] TrainY { get; }

    public float[] ValidX { get; }

    public int[] ValidY { get; }

    public int Features { get; }

    public int Classes => ClassNames.Count;

    /// <summary>The label values as the CSV spelt them, by class index.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Per feature, the training rows' mean: a feature x becomes (float)((x − Mean) · Scale).</summary>
    public IReadOnlyList<double> Mean { get; }

    /// <summary>Per feature, 1/σ of the training rows (1 for a constant feature).</summary>
    public IReadOnlyList<double> Scale { get; }

    public int TrainRows => TrainY.Length;

    public int ValidRows => ValidY.Length;

    /// <summary>The last <paramref name="validation"/> fraction of the rows, in file order, held out.</summary>
    public static PreparedData From(DataSet data, double validation)
    {
        var (train, valid) = RowSplits.Holdout(RowSplits.Order(data.Rows, shuffle: false, 0), validation);
        return From(data, train, valid);
    }

    /// <summary>
    /// What a sweep's <c>data</c> block makes of the rows: one split, or one per fold (k-fold cross-validation), from the
    /// file order or the seeded shuffle. A fold count the rows cannot fill is a <see cref="DataFormatException"/>.
    /// </summary>
    public static IReadOnlyList<PreparedData> Splits(DataSet data, Sweep.DataSpec spec)
    {
        var order = RowSplits.Order(data.Rows, spec.Shuffle, spec.ShuffleSeed);
        if (!spec.CrossValidates)
        {
            var (train, valid) = RowSplits.Holdout(order, spec.Validation);
            return [From(data, train, valid)];
        }
        if (spec.Folds > data.Rows)
        {
            throw new DataFormatException(data.Source, null, $"data.folds = {spec.Folds} is more than its {data.Rows} rows (every fold needs a row to hold out)");
        }
        return RowSplits.Folds(order, spec.Folds).Select(f => From(data, f.Train, f.Valid)).ToList();
    }

    /// <summary>These rows train and those validate; the standardisation comes from the training rows alone.</summary>
    public static PreparedData From(DataSet data, int[] trainRows, int[] validRows)
    {
        if (trainRows.Length < 1 || validRows.Length < 1)
        {
            throw new ArgumentException($"{trainRows.Length} training and {validRows.Length} validation rows of {data.Rows}; both need at least one");
        }
        var d = data.FeatureCount;
        var (mean, scale) = Standardisation(data.Features, trainRows, d);
        return new PreparedData(
            Standardise(data.Features, trainRows, d, mean, scale), trainRows.Select(r => data.Labels[r]).ToArray(),
            Standardise(data.Features, validRows, d, mean, scale), validRows.Select(r => data.Labels[r]).ToArray(),
            d, data.ClassNames, mean, scale);
    }

    /// <summary>The chosen rows of <paramref name="features"/>, standardised; the one formula predictions use too.</summary>
    public static float[] Standardise(float[] features, IReadOnlyList<int> rows, int d, IReadOnlyList<double> mean, IReadOnlyList<double> scale)
    {
        var x = new float[rows.Count * d];
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            for (var j = 0; j < d; j++)
            {
                x[i * d + j] = (float)((features[row * d + j] - mean[j]) * scale[j]);
            }
        }
        return x;
    }

    /// <summary>Mean and 1/σ per feature over the training rows; a constant feature gets scale 1, not ∞.</summary>
    private static (double[] Mean, double[] Scale) Standardisation(float[] features, int[] rows, int d)
    {
        var mean = new double[d];
        var scale = new double[d];
        var column = new double[rows.Length];
        for (var j = 0; j < d; j++)
        {
            for (var i = 0; i < rows.Length; i++)
            {
                column[i] = features[rows[i] * d + j];
            }
            mean[j] = MathNet.Numerics.Statistics.Statistics.Mean(column);
            var sigma = MathNet.Numerics.Statistics.Statistics.PopulationStandardDeviation(column);
            scale[j] = sigma > 1e-12 ? 1 / sigma : 1;
        }
        return (mean, scale);
    }
}
