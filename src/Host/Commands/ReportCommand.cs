using ActorTune.Actors.Persistence;
using ActorTune.Actors.Sweeps;
using ActorTune.Host.Hosting;
using ActorTune.Host.Reports;

namespace ActorTune.Host.Commands;

/// <summary><c>report NAME [--out DIR]</c>: the sweep's plots (PNG) and one HTML page, by default in reports/NAME/.</summary>
public static class ReportCommand
{
    public static async Task<int> RunAsync(string name, string? output, string? db)
    {
        var database = DatabaseLocation.Parse(db);
        await using var host = await ActorTuneHost.StartAsync(database);
        var store = new SweepStore(host.System);
        var state = await store.LoadAsync(name);
        if (state.Spec is null)
        {
            Console.Error.WriteLine($"actortune: no sweep named '{name}' in {database.Display}");
            return ExitCodes.BadInput;
        }
        var directory = Path.GetFullPath(output ?? Path.Combine("reports", name));
        var files = SweepReport.Write(state, store.StatusOf(name, state), directory);
        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(Environment.CurrentDirectory, file);
            Console.WriteLine(relative.StartsWith("..", StringComparison.Ordinal) ? file : relative);
        }
        return ExitCodes.Done;
    }
}
