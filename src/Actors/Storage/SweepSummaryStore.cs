using ActorTune.Model.State;
using ActorTune.Model.Sweep;
using LinqToDB;

namespace ActorTune.Actors.Storage;

/// <summary>
/// The summary projection's table (<see cref="SweepSummaryRow"/>) and the journal's head per sweep, read with plain SQL so
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
        using var db = _storage.Open();
        try
        {
            return db.GetTable<JournalHeadRow>()
                .Where(r => r.PersistenceId.StartsWith(Prefix))
                .GroupBy(r => r.PersistenceId)
                .Select(g => new { Id = g.Key, Head = g.Max(r => r.SequenceNumber) })
                .AsEnumerable()
                .ToDictionary(r => r.Id[Prefix.Length..], r => r.Head, StringComparer.Ordinal);
        }
        catch (Exception) when (!JournalExists(db))
        {
            // A database no sweep has written to yet has no journal table.
            return new Dictionary<string, long>();
        }
    }

    /// <summary>The stored summaries with the sequence number each is current to.</summary>
    public IReadOnlyDictionary<string, (SweepSummary Summary, long SequenceNr)> Load()
    {
        using var db = _storage.Open();
        return db.GetTable<SweepSummaryRow>().AsEnumerable().ToDictionary(
            r => r.Sweep,
            r => (new SweepSummary(r.Name, Enum.Parse<SweepStatus>(r.Status), r.Finished, r.TrialsPlanned, r.Metric,
                r.Goal == "min" ? Goal.Min : Goal.Max, r.BestTrial, r.BestValue, r.EndReason), r.SequenceNr),
            StringComparer.Ordinal);
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

    private static bool JournalExists(LinqToDB.Data.DataConnection db)
    {
        try
        {
            _ = db.GetTable<JournalHeadRow>().Take(1).ToList();
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }
}
