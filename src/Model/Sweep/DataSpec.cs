namespace ActorTune.Model.Sweep;

/// <summary>
/// Where a sweep's rows come from. <see cref="Path"/> is absolute once the sweep is defined, so a resume from
/// another directory reads the same file.
/// </summary>
/// <param name="Validation">The last fraction of rows (after the shuffle, if any), held out for validation.</param>
/// <param name="LabelColumn">A column name or 0-based index; null means the last column.</param>
/// <param name="Header">True/false forces it; null detects a header row (a first row with a non-number).</param>
/// <param name="Shuffle">Rows are put in a seeded random order before they are split (default: file order).</param>
/// <param name="Folds">k ≥ 2: k-fold cross-validation instead of one held-out split; 0: one split by <paramref name="Validation"/>.</param>
/// <param name="ShuffleSeed">The sweep's seed, which the shuffle derives from (set by the sweep file's reader).</param>
public sealed record DataSpec(string Path, double Validation, string? LabelColumn = null, bool? Header = null,
    bool Shuffle = false, int Folds = 0, long ShuffleSeed = 0)
{
    /// <summary>Folds = 0: one split; otherwise each of the k folds is held out once.</summary>
    public bool CrossValidates => Folds >= 2;
}
