namespace ActorTune.Model.Data;

/// <summary>
/// A classification data set as loaded from a CSV: features row-major, labels as class indices 0..Classes-1.
/// </summary>
public sealed class DataSet
{
    public DataSet(string source, float[] features, int[] labels, int featureCount, IReadOnlyList<string> classNames,
        IReadOnlyList<string> featureNames)
    {
        Source = source;
        Features = features;
        Labels = labels;
        FeatureCount = featureCount;
        ClassNames = classNames;
        FeatureNames = featureNames;
    }

    public string Source { get; }

    public float[] Features { get; }

    public int[] Labels { get; }

    public int FeatureCount { get; }

    public int Rows => Labels.Length;

    public int Classes => ClassNames.Count;

    public IReadOnlyList<string> ClassNames { get; }

    public IReadOnlyList<string> FeatureNames { get; }
}
