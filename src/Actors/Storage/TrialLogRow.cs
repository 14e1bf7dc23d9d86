using LinqToDB.Mapping;

namespace ActorTune.Actors.Storage;

/// <summary>
/// A trial's log (an external program's standard error), one row per attempt, in a table beside the journal: text
/// that can run to hundreds of kilobytes has no place in the sweep's events.
/// </summary>
[Table("actortune_trial_logs")]
public sealed class TrialLogRow
{
    [Column("sweep", Length = 100), PrimaryKey(0), NotNull]
    public string Sweep { get; set; } = "";

    [Column("trial"), PrimaryKey(1)]
    public int Trial { get; set; }

    [Column("attempt"), PrimaryKey(2)]
    public int Attempt { get; set; }

    [Column("text", DataType = LinqToDB.DataType.Text), NotNull]
    public string Text { get; set; } = "";

    [Column("created_ms")]
    public long CreatedMs { get; set; }
}
