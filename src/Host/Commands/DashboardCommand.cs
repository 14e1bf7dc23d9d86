using ActorTune.Actors.Persistence;
using ActorTune.Host.Dashboard;
using ActorTune.Host.Hosting;

namespace ActorTune.Host.Commands;

/// <summary>
/// <c>actortune dashboard [--db PATH] [--http ADDR:PORT]</c>: the web dashboard over a database, read-only (like
/// optuna-dashboard on a storage URL). Sweeps that other processes run in that database show live. Ctrl+C stops it.
/// </summary>
public static class DashboardCommand
{
    public static async Task<int> RunAsync(string? db, string http, string? tokenVariable)
    {
        var endpoint = HttpEndpoint.Parse(http);
        var security = DashboardSecurity.For(endpoint, tokenVariable);
        var database = DatabaseLocation.Parse(db);
        await using var host = await ActorTuneHost.StartAsync(database);
        await using var server = await DashboardServer.StartAsync(endpoint, security, host.System, database.Display, controls: null);
        Console.WriteLine($"dashboard on {endpoint.Url} (database {database.Display}, read-only{(security.RequiresToken ? "; token required" : "")}); Ctrl+C stops it");
        try
        {
            await Task.Delay(Timeout.Infinite, host.Stopping);
        }
        catch (OperationCanceledException)
        {
        }
        return ExitCodes.Done;
    }
}
