using ActorTune.Actors.Persistence;
using ActorTune.Actors.Sweeps;
using ActorTune.Model.State;

namespace ActorTune.Host.Commands;

/// <summary>Reads one sweep for the commands that only look (show, report, export): the log folded, nothing changed.</summary>
public static class SweepLoading
{
    /// <summary>
    /// The sweep's state and its status as people read it (completed, running, interrupted), or null (with the
    /// message on stderr) when there is no such database or it has no sweep of that name.
    /// </summary>
    public static async Task<LoadedSweep?> LoadAsync(string name, string? db)
    {
        if (ExistingDatabase.Find(db) is not { } database)
        {
            return null;
        }
        return await LoadAsync(name, database);
    }

    /// <summary>
    /// From the state projection (<see cref="SweepStates"/>: plain SQL, no actor system); with
    /// <c>ACTORTUNE_REPLAY=1</c> from the newest full snapshot and the events after it, the projection neither read nor
    /// saved (for benchmarks and comparisons).
    /// </summary>
    public static async Task<LoadedSweep?> LoadAsync(string name, DatabaseLocation database)
    {
        var state = (await Task.Run(() => SweepStates.Read(database, name, SweepSummaries.ReplayForced))).State;
        if (state.Spec is null)
        {
            Console.Error.WriteLine($"actortune: no sweep named '{name}' in {database.Display}");
            return null;
        }
        return new LoadedSweep(name, state, SweepStates.StatusOf(database, name, state), database);
    }
}

/// <summary>A sweep as a reading command loaded it, with where it came from.</summary>
public sealed record LoadedSweep(string Name, SweepState State, string Status, DatabaseLocation Database)
{
    /// <summary>Stores what the command computed that the next reader of the same events can reuse (the importance).</summary>
    public void SaveAnalyses() => SweepStates.SaveImportance(Database, Name, State);
}
