namespace ActorTune.Model.Sweep;

/// <summary>
/// Where a sweep's rows come from. <see cref="Path"/> is absolute once the sweep is defined, so a resume from
/// another directory reads the same file.
/// </summary>
/// <param name="Validation">The last fraction of rows, held out for validation (rows are not shuffled).</param>
/// <param name="LabelColumn">A column name or 0-based index; null means the last column.</param>
/// <param name="Header">True/false forces it; null detects a header row (a first row with a non-number).</param>
public sealed record DataSpec(string Path, double Validation, string? LabelColumn = null, bool? Header = null);
