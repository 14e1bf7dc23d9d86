using System.Data.Common;
using ActorTune.Model.State;
using ActorTune.Model.Sweep;
using LinqToDB;

namespace ActorTune.Actors.Storage;

/// <summary>
/// The summary projection's table (<see cref="SweepSummaryRow"/>) and the journal's head per sweep, read with plain SQL (ADO.NET, no linq2db mapping) so
/// that <c>list</c> needs neither an actor system nor a recovery when every summary is current.
/// </summary>
public sealed class SweepSummaryStore
{
    private const string Prefix = "sweep-";
    private readonly SqlStorage _storage;

    public SweepSummaryStore(SqlStorage storage)
    {
        _storage = storage;
    }

    /// <summary>Each sweep in the journal with its newest event's sequence number (an empty map before the journal exists).</summary>
    public IReadOnlyDictionary<string, long> JournalHeads()
    {
        var heads = new Dictionary<string, long>(StringComparer.Ordinal);
        using var connection = new SweepLogSql(_storage.Database).Connect();
        try
        {
            using var command = SweepLogSql.Command(connection,
                "select persistence_id, max(sequence_number) from journal where persistence_id like @prefix group by persistence_id",
                ("prefix", Prefix + "%"));
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                heads[reader.GetString(0)[Prefix.Length..]] = reader.GetInt64(1);
            }
            return heads;
        }
        catch (DbException) when (!SweepLogSql.TableExists(connection, "journal"))
        {
            // A database no sweep has written to yet has no journal table.
            return heads;
        }
    }

    /// <summary>The stored summaries with the sequence number each is current to (none before a reader made the table).</summary>
    public IReadOnlyDictionary<string, (SweepSummary Summary, long SequenceNr)> Load()
    {
        var summaries = new Dictionary<string, (SweepSummary, long)>(StringComparer.Ordinal);
        using var connection = new SweepLogSql(_storage.Database).Connect();
        try
        {
            using var command = SweepLogSql.Command(connection,
                "select sweep, name, sequence_nr, status, finished, trials_planned, metric, goal, best_trial, best_value, end_reason from actortune_sweep_summaries");
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var summary = new SweepSummary(reader.GetString(1), Enum.Parse<SweepStatus>(reader.GetString(3)), reader.GetInt32(4),
                    reader.GetInt32(5), reader.GetString(6), reader.GetString(7) == "min" ? Goal.Min : Goal.Max,
                    reader.IsDBNull(8) ? null : reader.GetInt32(8), reader.IsDBNull(9) ? null : reader.GetDouble(9),
                    reader.IsDBNull(10) ? null : reader.GetString(10));
                summaries[reader.GetString(0)] = (summary, reader.GetInt64(2));
            }
            return summaries;
        }
        catch (DbException) when (!SweepLogSql.TableExists(connection, "actortune_sweep_summaries"))
        {
            // No reader has made the table yet (or none could: a read-only database); every summary is rebuilt.
            return summaries;
        }
    }

    /// <summary>
    /// Stores <paramref name="summary"/> of the sweep whose log is <paramref name="sweep"/>'s as current to <paramref name="sequenceNr"/>;
    /// a failure (a busy or read-only database) only leaves the cache behind.
    /// </summary>
    public bool TrySave(string sweep, SweepSummary summary, long sequenceNr)
    {
        try
        {
            using var db = _storage.Open();
            db.InsertOrReplace(new SweepSummaryRow
            {
                Sweep = sweep,
                Name = summary.Name,
                SequenceNr = sequenceNr,
                Status = summary.Status.ToString(),
                Finished = summary.Finished,
                TrialsPlanned = summary.TrialsPlanned,
                Metric = summary.Metric,
                Goal = summary.Goal.ToName(),
                BestTrial = summary.BestTrial,
                BestValue = summary.BestValue is { } v && double.IsFinite(v) ? v : null,
                EndReason = summary.EndReason,
            });
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }
}
