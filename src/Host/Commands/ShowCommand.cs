using ActorTune.Actors.Sweeps;
using ActorTune.Host.Hosting;
using ActorTune.Host.Output;
using ActorTune.Model.State;

namespace ActorTune.Host.Commands;

/// <summary><c>show NAME [--json]</c> and <c>list</c>: read the log, print, change nothing.</summary>
public static class ShowCommand
{
    public static async Task<int> ShowAsync(string name, string? db, bool json, int? log = null)
    {
        if (ExistingDatabase.Find(db) is not { } database)
        {
            return ExitCodes.BadInput;
        }
        await using var host = await ActorTuneHost.StartAsync(database);
        var store = new SweepStore(host.System);
        var state = await store.LoadAsync(name);
        if (state.Spec is null)
        {
            Console.Error.WriteLine($"actortune: no sweep named '{name}' in {database.Display}");
            return ExitCodes.BadInput;
        }
        if (log is { } trial)
        {
            return TrialLog.Write(host.System, state, trial);
        }
        if (json)
        {
            using var stdout = new BufferedStream(Console.OpenStandardOutput(), 1 << 16);
            SweepJson.Write(stdout, state, store.StatusOf(name, state));
            stdout.Write("\n"u8);
        }
        else
        {
            SweepTables.WriteTrials(state, store.StatusOf(name, state));
        }
        return ExitCodes.Done;
    }

    public static async Task<int> ListAsync(string? db)
    {
        if (ExistingDatabase.Find(db) is not { } database)
        {
            return ExitCodes.BadInput;
        }
        await using var host = await ActorTuneHost.StartAsync(database);
        var store = new SweepStore(host.System);
        var states = new List<(SweepState, string)>();
        foreach (var name in await store.NamesAsync())
        {
            var state = await store.LoadAsync(name);
            states.Add((state, store.StatusOf(name, state)));
        }
        if (states.Count == 0)
        {
            Console.WriteLine($"no sweeps in {database.Display}");
            return ExitCodes.Done;
        }
        SweepTables.WriteList(states);
        return ExitCodes.Done;
    }
}
