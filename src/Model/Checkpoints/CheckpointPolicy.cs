using ActorTune.Model.Sweep;

namespace ActorTune.Model.Checkpoints;

/// <summary>
/// Which checkpoints a trial keeps and which one a restarted trial continues from. A checkpoint at epoch e is
/// the state after e epochs, whatever attempt wrote it, because training is deterministic in (seed, epoch).
/// </summary>
public static class CheckpointPolicy
{
    /// <summary>Whether epoch <paramref name="epoch"/> ends with a checkpoint (every N epochs, and always the last).</summary>
    public static bool IsDue(int epoch, int every, int lastEpoch) => epoch % Math.Max(1, every) == 0 || epoch == lastEpoch;

    /// <summary>
    /// A restart continues from the newest checkpoint at or before the trial's last durable epoch: a checkpoint
    /// ahead of the log (written, then the process died before its epoch report was durable) is not used,
    /// because the epochs after it would be missing from the log.
    /// </summary>
    public static int? ResumeFrom(IEnumerable<int> available, int lastDurableEpoch) =>
        available.Where(e => e <= lastDurableEpoch).Select(e => (int?)e).Max();

    /// <summary>
    /// The epochs to keep once the newest checkpoint is written: the newest two (the newest may be ahead of
    /// the log, so the one before stays usable) and the best so far. Everything else is deleted, so a trial
    /// never holds more than three.
    /// </summary>
    public static IReadOnlySet<int> Keep(IReadOnlyList<(int Epoch, double? Value)> checkpoints, Goal goal)
    {
        var keep = checkpoints.Select(c => c.Epoch).OrderDescending().Take(2).ToHashSet();
        var best = checkpoints.Where(c => c.Value is { } v && double.IsFinite(v))
            .OrderByDescending(c => goal.Score(c.Value!.Value)).ThenBy(c => c.Epoch).Select(c => (int?)c.Epoch).FirstOrDefault();
        if (best is { } b)
        {
            keep.Add(b);
        }
        return keep;
    }
}
