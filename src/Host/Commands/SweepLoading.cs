using ActorTune.Actors.Sweeps;
using ActorTune.Host.Hosting;
using ActorTune.Model.State;

namespace ActorTune.Host.Commands;

/// <summary>Reads one sweep for the commands that only look (report, export): the log folded, nothing changed.</summary>
public static class SweepLoading
{
    /// <summary>
    /// The sweep's state and its status as people read it (completed, running, interrupted), or null (with the
    /// message on stderr) when there is no such database or it has no sweep of that name.
    /// </summary>
    public static async Task<(SweepState State, string Status)?> LoadAsync(string name, string? db)
    {
        if (ExistingDatabase.Find(db) is not { } database)
        {
            return null;
        }
        await using var host = await ActorTuneHost.StartAsync(database);
        var store = new SweepStore(host.System);
        var state = await store.LoadAsync(name);
        if (state.Spec is null)
        {
            Console.Error.WriteLine($"actortune: no sweep named '{name}' in {database.Display}");
            return null;
        }
        return (state, store.StatusOf(name, state));
    }
}
