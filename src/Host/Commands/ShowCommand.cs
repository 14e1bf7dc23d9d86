using ActorTune.Actors.Persistence;
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
        await using var host = await ActorTuneHost.StartAsync(DatabaseLocation.Parse(db));
        var store = new SweepStore(host.System);
        var state = await store.LoadAsync(name);
        if (state.Spec is null)
        {
            Console.Error.WriteLine($"actortune: no sweep named '{name}' in {DatabaseLocation.Parse(db).Display}");
            return ExitCodes.BadInput;
        }
        if (log is { } trial)
        {
            return TrialLog.Write(host.System, state, trial);
        }
        if (json)
        {
            Console.WriteLine(SweepJson.Write(state, store.StatusOf(name, state)));
        }
        else
        {
            SweepTables.WriteTrials(state, store.StatusOf(name, state));
        }
        return ExitCodes.Done;
    }

    public static async Task<int> ListAsync(string? db)
    {
        await using var host = await ActorTuneHost.StartAsync(DatabaseLocation.Parse(db));
        var store = new SweepStore(host.System);
        var states = new List<(SweepState, string)>();
        foreach (var name in await store.NamesAsync())
        {
            var state = await store.LoadAsync(name);
            states.Add((state, store.StatusOf(name, state)));
        }
        if (states.Count == 0)
        {
            Console.WriteLine($"no sweeps in {DatabaseLocation.Parse(db).Display}");
            return ExitCodes.Done;
        }
        SweepTables.WriteList(states);
        return ExitCodes.Done;
    }
}
