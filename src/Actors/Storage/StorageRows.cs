using LinqToDB.Mapping;

namespace ActorTune.Actors.Storage;

/// <summary>
/// A trial's saved weights and optimizer state after an epoch, in a table beside the journal (same database).
/// Times are Unix milliseconds: one type that SQLite and PostgreSQL store alike.
/// </summary>
[Table("actortune_checkpoints")]
public sealed class CheckpointRow
{
    [Column("sweep", Length = 100), PrimaryKey(0), NotNull]
    public string Sweep { get; set; } = "";

    [Column("trial"), PrimaryKey(1)]
    public int Trial { get; set; }

    [Column("epoch"), PrimaryKey(2)]
    public int Epoch { get; set; }

    [Column("attempt")]
    public int Attempt { get; set; }

    /// <summary>The trial's value on the sweep metric at this epoch, to know which checkpoint is the best.</summary>
    [Column("value"), Nullable]
    public double? Value { get; set; }

    [Column("data"), NotNull]
    public byte[] Data { get; set; } = [];

    [Column("created_ms")]
    public long CreatedMs { get; set; }
}

/// <summary>Who runs a sweep now: one row per running sweep, renewed by heartbeats, expired when its owner stops.</summary>
[Table("actortune_leases")]
public sealed class LeaseRow
{
    [Column("sweep", Length = 100), PrimaryKey, NotNull]
    public string Sweep { get; set; } = "";

    /// <summary>host/pid/process-start, so a lease held by a dead process on this host can be taken at once.</summary>
    [Column("owner", Length = 300), NotNull]
    public string Owner { get; set; } = "";

    [Column("expires_ms")]
    public long ExpiresMs { get; set; }
}
