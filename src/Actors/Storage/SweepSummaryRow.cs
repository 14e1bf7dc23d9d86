using LinqToDB.Mapping;

namespace ActorTune.Actors.Storage;

/// <summary>
/// One sweep's <see cref="Model.State.SweepSummary"/> as of the journal's event <see cref="SequenceNr"/> (the summary
/// projection). Only a cache: readers check it against the journal's newest sequence number and rebuild it from the
/// log when it lags; dropping the table loses nothing.
/// </summary>
[Table("actortune_sweep_summaries")]
public sealed class SweepSummaryRow
{
    [Column("sweep", Length = 100), PrimaryKey, NotNull]
    public string Sweep { get; set; } = "";

    /// <summary>The sweep's name as its spec says (the same as <see cref="Sweep"/> unless the log was copied under another id).</summary>
    [Column("name", Length = 100), NotNull]
    public string Name { get; set; } = "";

    [Column("sequence_nr")]
    public long SequenceNr { get; set; }

    [Column("status", Length = 20), NotNull]
    public string Status { get; set; } = "";

    [Column("finished")]
    public int Finished { get; set; }

    [Column("trials_planned")]
    public int TrialsPlanned { get; set; }

    [Column("metric", Length = 100), NotNull]
    public string Metric { get; set; } = "";

    [Column("goal", Length = 10), NotNull]
    public string Goal { get; set; } = "";

    [Column("best_trial"), Nullable]
    public int? BestTrial { get; set; }

    [Column("best_value"), Nullable]
    public double? BestValue { get; set; }

    /// <summary>Why a sweep ended early ("time budget"), shown after its status.</summary>
    [Column("end_reason", Length = 100), Nullable]
    public string? EndReason { get; set; }
}
