using ActorTune.Model.Checkpoints;
using ActorTune.Model.Sweep;
using LinqToDB;

namespace ActorTune.Actors.Storage;

/// <summary>Trial checkpoints in the sweep database: written in batches, pruned to the last two and the best.</summary>
public sealed class CheckpointStore
{
    private readonly SqlStorage _storage;

    public CheckpointStore(SqlStorage storage)
    {
        _storage = storage;
    }

    public sealed record Saved(string Sweep, int Trial, int Attempt, int Epoch, double? Value, byte[] Data, Goal Goal, bool KeepAll = false);

    /// <summary>
    /// Writes a batch in one transaction. Per trial, the batch and what is stored are pruned together first, so a
    /// checkpoint that the same batch already replaces (a newer epoch came in behind it) is never written at all.
    /// </summary>
    public void SaveAll(IReadOnlyList<Saved> batch)
    {
        using var db = _storage.Open();
        using var transaction = db.BeginTransaction();
        var now = SqlStorage.NowMs();
        foreach (var trial in batch.GroupBy(s => (s.Sweep, s.Trial)))
        {
            var (sweep, id) = trial.Key;
            // A checkpoint's value only chooses which to keep, and a non-finite one never counts as the best; SQLite
            // refuses to store NaN (the whole batch would fail, other trials' checkpoints with it), so it is kept as "none".
            var incoming = trial.GroupBy(s => s.Epoch).Select(g => g.Last())
                .Select(s => s.Value is { } v && !double.IsFinite(v) ? s with { Value = null } : s).ToList();
            var stored = db.GetTable<CheckpointRow>().Where(c => c.Sweep == sweep && c.Trial == id)
                .Select(c => new { c.Epoch, c.Value }).ToList()
                .Where(c => incoming.All(i => i.Epoch != c.Epoch)).ToList();
            IReadOnlyList<(int Epoch, double? Value)> all = [.. stored.Select(c => (c.Epoch, c.Value)), .. incoming.Select(i => (i.Epoch, i.Value))];
            var keep = trial.Any(t => t.KeepAll) ? all.Select(c => c.Epoch).ToHashSet() : CheckpointPolicy.Keep(all, trial.First().Goal);
            var drop = stored.Select(c => c.Epoch).Where(e => !keep.Contains(e)).ToList();
            if (drop.Count > 0)
            {
                db.GetTable<CheckpointRow>().Where(c => c.Sweep == sweep && c.Trial == id && drop.Contains(c.Epoch)).Delete();
            }
            foreach (var saved in incoming.Where(i => keep.Contains(i.Epoch)))
            {
                db.InsertOrReplace(new CheckpointRow
                {
                    Sweep = sweep,
                    Trial = id,
                    Epoch = saved.Epoch,
                    Attempt = saved.Attempt,
                    Value = saved.Value,
                    Data = saved.Data,
                    CreatedMs = now,
                });
            }
        }
        transaction.Commit();
    }

    /// <summary>The epochs a trial has checkpoints for.</summary>
    public IReadOnlyList<int> Epochs(string sweep, int trial)
    {
        using var db = _storage.Open();
        return db.GetTable<CheckpointRow>().Where(c => c.Sweep == sweep && c.Trial == trial).Select(c => c.Epoch).ToList();
    }

    public byte[]? Load(string sweep, int trial, int epoch)
    {
        using var db = _storage.Open();
        return db.GetTable<CheckpointRow>().Where(c => c.Sweep == sweep && c.Trial == trial && c.Epoch == epoch)
            .Select(c => c.Data).FirstOrDefault();
    }

    /// <summary>How many checkpoints the sweep holds (for tests and reports: the database must not grow without bound).</summary>
    public int Count(string sweep)
    {
        using var db = _storage.Open();
        return db.GetTable<CheckpointRow>().Count(c => c.Sweep == sweep);
    }
}
