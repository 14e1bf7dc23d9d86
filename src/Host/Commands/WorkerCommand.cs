using ActorTune.Actors.Persistence;
using ActorTune.Actors.Workers;
using ActorTune.Host.Hosting;
using Akka.Actor;

namespace ActorTune.Host.Commands;

/// <summary>
/// <c>worker --seed HOST:PORT</c>: joins a cluster and offers <c>--slots</c> trial slots (default: one per
/// processor) to every sweep that has work. Keeps nothing itself: trials report to their coordinator, which
/// persists. When the cluster has no coordinator for a while (it finished, or it was lost with its SQLite
/// database), the worker leaves and joins the seeds again, so a restarted coordinator finds it; a worker the cluster
/// downed (cut off by the network) joins again as a new node. Runs until Ctrl+C or SIGTERM.
/// </summary>
public static class WorkerCommand
{
    private static readonly TimeSpan CoordinatorGrace = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan ProbeAfter = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Longer than the cluster takes to down an unreachable node (about 3 s to notice, 5 s stable in hocon/cluster.hocon),
    /// so a worker cut off from every coordinator leaves only once the others have downed it.
    /// </summary>
    private static readonly TimeSpan CutOffGrace = TimeSpan.FromSeconds(12);

    public static async Task<int> RunAsync(ClusterOptions options)
    {
        var slots = options.Slots ?? Environment.ProcessorCount;
        while (true)
        {
            await using var host = await ActorTuneHost.StartAsync(DatabaseLocation.None, slots, options.Hocon(ClusterOptions.WorkerRole), tls: options.Tls);
            var system = host.System;
            Console.WriteLine($"worker: joining {string.Join(", ", options.Seeds)} …");
            try
            {
                if (await RefusedAsync(ClusterMembership.WhenUpAsync(system), system, options, host.Stopping) is { } refused)
                {
                    Console.Error.WriteLine($"actortune: worker cannot join: {refused}");
                    return ExitCodes.BadInput;
                }
            }
            catch (OperationCanceledException)
            {
                return ExitCodes.Done;
            }
            var node = options.NodeName(ClusterMembership.BoundPort(system));
            system.ActorOf(WorkerHost.Props(slots, node), WorkerHost.Name);
            Console.WriteLine($"worker {node}: joined, {slots} slots");
            var stopping = Task.Delay(Timeout.Infinite, host.Stopping);
            var gone = ClusterMembership.WhenRoleGoneAsync(system, ClusterOptions.CoordinatorRole, CoordinatorGrace, CutOffGrace, host.Stopping);
            var ended = await Task.WhenAny(stopping, gone, system.WhenTerminated);
            // Downed (cut off, or paused, for longer than the split-brain resolver waits): either this node saw the
            // coordinators unreachable for longer than the others take to down it, or its actor system shut itself down,
            // which stops the host like Ctrl+C would (told apart by the reason). Either way it starts a new node.
            var downed = (ended == gone && gone.Result) ||
                CoordinatedShutdown.Get(system).ShutdownReason is CoordinatedShutdown.ClusterDowningReason;
            if (host.Stopping.IsCancellationRequested && !downed)
            {
                return ExitCodes.Done;
            }
            Console.WriteLine(downed
                ? $"worker {node}: downed by the cluster (it did not answer for too long: cut off or paused); its trials continue elsewhere; joining again as a new node"
                : ended == gone
                ? $"worker {node}: no coordinator in the cluster; joining again"
                : $"worker {node}: removed from the cluster; joining again");
        }
    }

    /// <summary>
    /// Waits for <paramref name="up"/>; while it does not come, asks the seeds at the TLS level every few seconds, since
    /// remoting retries a refused handshake for ever in silence. A seed that answers in TLS this worker cannot speak (no
    /// certificate, or one it does not trust) ends the wait with the cause; a seed not yet started is waited for.
    /// Akka itself shuts the actor system down when this node's own TLS handshake fails: that, too, gets its cause.
    /// </summary>
    private static async Task<string?> RefusedAsync(Task up, ActorSystem system, ClusterOptions options, CancellationToken stopping)
    {
        while (true)
        {
            var waited = await Task.WhenAny(up, Task.Delay(ProbeAfter, stopping));
            if (waited == up)
            {
                return null;
            }
            // The reason's type is internal to Akka.Remote; its name is all there is to tell it from Ctrl+C.
            var tlsFailed = stopping.IsCancellationRequested &&
                CoordinatedShutdown.Get(system).ShutdownReason?.GetType().Name == "TlsHandshakeFailureReason";
            if (!tlsFailed)
            {
                stopping.ThrowIfCancellationRequested();
            }
            foreach (var seed in options.Seeds)
            {
                if (await RemotingProbe.DiagnoseAsync(seed, options.Tls, TimeSpan.FromSeconds(5)) is { } cause && !up.IsCompleted)
                {
                    return cause;
                }
            }
            if (tlsFailed)
            {
                return $"the TLS handshake with {string.Join(", ", options.Seeds)} failed (the log above says how)";
            }
        }
    }
}
