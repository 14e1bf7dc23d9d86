using ActorTune.Actors.Persistence;
using ActorTune.Actors.Workers;
using ActorTune.Host.Hosting;

namespace ActorTune.Host.Commands;

/// <summary>
/// <c>worker --seed HOST:PORT</c>: joins a cluster and offers <c>--slots</c> trial slots (default: one per
/// processor) to every sweep that has work. Keeps nothing itself: trials report to their coordinator, which
/// persists. When the cluster has no coordinator for a while (it finished, or it was lost with its SQLite
/// database), the worker leaves and joins the seeds again, so a restarted coordinator finds it. Runs until
/// Ctrl+C or SIGTERM.
/// </summary>
public static class WorkerCommand
{
    private static readonly TimeSpan CoordinatorGrace = TimeSpan.FromSeconds(3);

    public static async Task<int> RunAsync(ClusterOptions options)
    {
        var slots = options.Slots ?? Environment.ProcessorCount;
        while (true)
        {
            await using var host = await ActorTuneHost.StartAsync(DatabaseLocation.None, slots, options.Hocon(ClusterOptions.WorkerRole));
            var system = host.System;
            Console.WriteLine($"worker: joining {string.Join(", ", options.Seeds)} …");
            try
            {
                await ClusterMembership.WhenUpAsync(system).WaitAsync(host.Stopping);
            }
            catch (OperationCanceledException)
            {
                return ExitCodes.Done;
            }
            var node = options.NodeName(ClusterMembership.BoundPort(system));
            system.ActorOf(WorkerHost.Props(slots, node), WorkerHost.Name);
            Console.WriteLine($"worker {node}: joined, {slots} slots");
            var stopping = Task.Delay(Timeout.Infinite, host.Stopping);
            var gone = ClusterMembership.WhenRoleGoneAsync(system, ClusterOptions.CoordinatorRole, CoordinatorGrace, host.Stopping);
            var ended = await Task.WhenAny(stopping, gone, system.WhenTerminated);
            if (host.Stopping.IsCancellationRequested)
            {
                return ExitCodes.Done;
            }
            Console.WriteLine(ended == gone
                ? $"worker {node}: no coordinator in the cluster; joining again"
                : $"worker {node}: removed from the cluster; joining again");
        }
    }
}
