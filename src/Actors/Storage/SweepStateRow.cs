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
}
