using ActorTune.Actors.Persistence;
using ActorTune.Actors.Sweeps;
using ActorTune.Actors.Workers;
using ActorTune.Host.Dashboard;
using ActorTune.Host.Hosting;
using Akka.Actor;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Formatting.Compact;

namespace ActorTune.Host.Commands;

/// <summary>
/// <c>actortune host</c>: the long-lived service. A cluster coordinator node (workers may join it) that resumes
/// every unfinished sweep of its database on start, takes submissions (<c>submit</c>), answers <c>list</c>/<c>show
/// --host</c> and acts on <c>pause</c>/<c>continue</c>/<c>cancel</c>. Sweeps share its trial slots round-robin.
/// Logs are structured: text on the console, compact JSON in a file rolled daily beside the database.
/// On SIGTERM or Ctrl+C every sweep stops its trials between epochs and makes its log and checkpoints durable.
/// </summary>
public static class HostCommand
{
    public static async Task<int> RunAsync(string? db, ClusterOptions options, bool allowCommands = false, string? http = null, string? httpTokenEnv = null)
    {
        var database = DatabaseLocation.Parse(db);
        // Checked before anything starts: a dashboard off loopback without a token is bad input (exit 2).
        var endpoint = http is null ? null : HttpEndpoint.Parse(http);
        var security = endpoint is null ? null : DashboardSecurity.For(endpoint, httpTokenEnv);
        var slots = options.Slots ?? Environment.ProcessorCount;
        var logDirectory = database.IsSqlite ? Path.GetDirectoryName(database.Display)! : Environment.CurrentDirectory;
        var logFile = HostLogFile.Pattern(logDirectory);
        // --slots 0: a host that only coordinates (its trials all go to workers that join it).
        string[] roles = slots > 0 ? [ClusterOptions.CoordinatorRole, ClusterOptions.WorkerRole] : [ClusterOptions.CoordinatorRole];
        await using var host = await ActorTuneHost.StartAsync(database, Math.Max(1, slots), options.Hocon(roles),
            builder => builder.Services.AddSerilog(log => log
                .MinimumLevel.Information()
                .MinimumLevel.Override("Microsoft", Serilog.Events.LogEventLevel.Warning)
                // Akka's own information (remoting, membership) stays out; its warnings and errors, and the sweeps', stay in.
                .Filter.ByExcluding(e => e.Level < Serilog.Events.LogEventLevel.Warning &&
                    e.Properties.TryGetValue("ActorPath", out var path) && !path.ToString().Contains("/user/", StringComparison.Ordinal))
                .Enrich.FromLogContext()
                .WriteTo.Console(outputTemplate: "{Timestamp:HH:mm:ss} {Level:u3} {Message:lj}{NewLine}{Exception}")
                .WriteTo.File(new CompactJsonFormatter(), logFile, rollingInterval: RollingInterval.Day, retainedFileCountLimit: HostLogFile.DaysKept)),
            logToHost: true, tls: options.Tls);
        var system = host.System;
        await ClusterMembership.WhenUpAsync(system).WaitAsync(TimeSpan.FromMinutes(1), host.Stopping);
        var node = options.NodeName(ClusterMembership.BoundPort(system));
        if (slots > 0)
        {
            system.ActorOf(WorkerHost.Props(slots, node), WorkerHost.Name);
        }
        var manager = system.ActorOf(SweepManager.Props(database.Display, allowCommands), SweepManager.Name);
        var log = host.Logger("ActorTune.Host");
        log.LogInformation("ActorTune host on {Node} with {Slots} trial slots; database {Database}; logs in {LogFile}", node, slots, database.Display,
            HostLogFile.Describe(logDirectory, DateTime.Now));
        log.LogInformation("remoting {Security}; submitted command and plugin models {Commands}",
            options.Tls is null ? "plain TCP (no --tls-cert)" : $"mutual TLS with {options.Tls.File}",
            allowCommands ? "run (--allow-commands)" : "are refused (no --allow-commands)");
        await using var server = endpoint is not null && security is not null
            ? await DashboardServer.StartAsync(endpoint, security, system, database.Display, new DashboardControls(system, manager))
            : null;
        if (server is not null)
        {
            log.LogInformation("dashboard on {Url}{Token}", server.Endpoint.Url, security!.RequiresToken ? " (token required)" : "");
        }
        try
        {
            await Task.Delay(Timeout.Infinite, host.Stopping);
        }
        catch (OperationCanceledException)
        {
        }
        var stopped = await manager.Ask<AllSweepsStopped>(new StopAllSweeps(), TimeSpan.FromSeconds(9));
        log.LogInformation("{Message}", HostLogFile.StoppedMessage(stopped.Stopped));
        return ExitCodes.Done;
    }
}
