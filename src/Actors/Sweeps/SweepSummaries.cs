using ActorTune.Actors.Persistence;
using ActorTune.Actors.Storage;
using ActorTune.Model.State;

namespace ActorTune.Actors.Sweeps;

/// <summary>
/// The summary projection, caught up on read (like Optuna's journal snapshot): a sweep's stored summary is used when
/// it was taken at the journal's newest event for that sweep; otherwise the sweep is read from its log (snapshot and
/// the events after it), summarised and saved back. So the table is never ahead of nor different from the fold, a
/// sweep that moved on is re-read, and a deleted table is rebuilt by the next <c>list</c>.
/// </summary>
public static class SweepSummaries
{
    /// <summary>Set to 1 to ignore the stored summaries and read every sweep from its log (for benchmarks and tests).</summary>
    public const string ReplayVariable = "ACTORTUNE_REPLAY";

    public static bool ReplayForced => Environment.GetEnvironmentVariable(ReplayVariable) == "1";

    /// <summary>
    /// Every sweep's summary, by name, current to its journal; a sweep whose summary lags is read from its log
    /// (<see cref="SweepStates"/>, with <paramref name="replay"/> from its snapshot and events only).
    /// </summary>
    public static IReadOnlyList<SweepSummary> Current(SweepSummaryStore table, DatabaseLocation database, bool replay)
    {
        var heads = table.JournalHeads();
        var stored = replay ? new Dictionary<string, (SweepSummary, long)>() : table.Load();
        var summaries = new List<SweepSummary>();
        foreach (var (name, head) in heads.OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            if (stored.TryGetValue(name, out var known) && known.Item2 == head)
            {
                summaries.Add(known.Item1);
                continue;
            }
            var read = SweepStates.Read(database, name, replay);
            if (read.State.Spec is null)
            {
                continue;
            }
            var summary = SweepSummary.Of(read.State);
            if (!replay)
            {
                table.TrySave(name, summary, read.SequenceNr);
            }
            summaries.Add(summary);
        }
        return summaries;
    }
}
