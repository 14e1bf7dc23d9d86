using LinqToDB.Mapping;

namespace ActorTune.Actors.Storage;

/// <summary>The journal's columns a reader needs to tell how far each sweep's log goes (Akka.Persistence.Sql's default table).</summary>
[Table("journal")]
public sealed class JournalHeadRow
{
    [Column("persistence_id")]
    public string PersistenceId { get; set; } = "";

    [Column("sequence_number")]
    public long SequenceNumber { get; set; }
}
