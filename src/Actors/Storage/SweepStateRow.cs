using LinqToDB.Mapping;

namespace ActorTune.Actors.Storage;

/// <summary>
/// One sweep's state as of the journal's event <see cref="SequenceNr"/> (the state projection), in
/// <see cref="Persistence.SweepStateBinary"/>'s form <see cref="Format"/>. Only a cache, like the summaries: readers fold
/// the events after it and rebuild it from the log when it is missing, damaged or of another format; dropping the
/// table loses nothing.
/// </summary>
[Table("actortune_sweep_states")]
public sealed class SweepStateRow
{
    [Column("sweep", Length = 100), PrimaryKey, NotNull]
    public string Sweep { get; set; } = "";

    [Column("sequence_nr")]
    public long SequenceNr { get; set; }

    [Column("format")]
    public int Format { get; set; }

    [Column("data"), NotNull]
    public byte[] Data { get; set; } = [];

    /// <summary>
    /// The sweep's hyperparameter importance at the same event, as JSON (null: not computed yet, or too few trials:
    /// "null"), computed under <see cref="ImportanceKey"/>: growing its forest is the slow part of showing a big sweep.
    /// </summary>
    [Column("importance", DataType = LinqToDB.DataType.Text), Nullable]
    public string? Importance { get; set; }

    [Column("importance_key", Length = 200), Nullable]
    public string? ImportanceKey { get; set; }
}
