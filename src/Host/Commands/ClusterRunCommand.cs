using System.Diagnostics;
using System.Threading.Channels;
using ActorTune.Actors.Messages;
using ActorTune.Actors.Persistence;
using ActorTune.Actors.Sweeps;
using ActorTune.Actors.Workers;
using ActorTune.Host.Configuration;
using ActorTune.Host.Hosting;
using Akka.Actor;
using Akka.Cluster.Tools.Singleton;

namespace ActorTune.Host.Commands;

/// <summary>
/// <c>run FILE --cluster</c>: this node is a cluster member with the <c>coordinator</c> role (and runs trials too,
/// with <c>--slots</c> or the sweep's concurrency). The sweep's session is a cluster singleton among coordinator
/// nodes: started here, or — on a standby coordinator (<c>--seed</c> of a running one) — taken over when the node
/// running it is lost, resuming from the log. Workers (<c>actortune worker</c>) join and take trials.
/// </summary>
public static class ClusterRunCommand
{
    private const string SingletonName = "session";

    public static async Task<int> RunAsync(string file, string? db, ClusterOptions options, int minWorkers = 0)
    {
        if (minWorkers < 0)
        {
            throw new ArgumentException($"--min-workers {minWorkers}: give 0 or more workers to wait for");
        }
        var (spec, text) = SweepFileLoader.Load(file);
        RunCommand.PreloadData(spec);
        var slots = options.Slots ?? spec.Concurrency;
        var clock = Stopwatch.StartNew();
        // --slots 0: a coordinator that only coordinates (its trials all go to workers).
        string[] roles = slots > 0 ? [ClusterOptions.CoordinatorRole, ClusterOptions.WorkerRole] : [ClusterOptions.CoordinatorRole];
        await using var host = await RunCommand.StartHostAsync(DatabaseLocation.Parse(db), Math.Max(1, slots), options.Hocon(roles), options.Tls);
        var system = host.System;
        await ClusterMembership.WhenUpAsync(system).WaitAsync(TimeSpan.FromMinutes(1), host.Stopping);
        var node = options.NodeName(ClusterMembership.BoundPort(system));
        if (slots > 0)
        {
            system.ActorOf(WorkerHost.Props(slots, node), WorkerHost.Name);
        }

        if (minWorkers > 0)
        {
            // The sweep is not even started (so nothing is proposed) until enough workers are here to share it.
            Console.WriteLine($"coordinator {node}: waiting for {Plural(minWorkers, "worker")} to join (`actortune worker --seed {node}`)");
            try
            {
                await ClusterMembership.WhenOthersUpAsync(system, ClusterOptions.WorkerRole, minWorkers, host.Stopping);
            }
            catch (OperationCanceledException)
            {
                return ExitCodes.Interrupted; // stopped while waiting: nothing of the sweep ran
            }
            Console.WriteLine($"coordinator {node}: {Plural(minWorkers, "worker")} joined; the sweep starts");
        }

        var channel = Channel.CreateUnbounded<object>();
        var observer = system.ActorOf(ChannelObserver.Props(channel.Writer), "observer");
        var start = new StartSweep(spec, text, ResumeIfExists: true);
        system.ActorOf(ClusterSingletonManager.Props(SweepSession.Props(spec.Name, start, observer), PoisonPill.Instance,
            ClusterSingletonManagerSettings.Create(system).WithRole(ClusterOptions.CoordinatorRole).WithSingletonName(SingletonName)),
            SweepSupervisor.PersistenceIdFor(spec.Name));
        // Once the sweep runs here (SweepStarted came to this node's observer), the singleton is this node's child.
        var session = system.ActorSelection($"/user/{SweepSupervisor.PersistenceIdFor(spec.Name)}/{SingletonName}");
        Console.WriteLine($"coordinator {node}: sweep {spec.Name}; workers join with `actortune worker --seed {node}`");

        // Here the sweep starts (or this node stands by until the coordinator running it is lost).
        SweepStarted? started = null;
        var early = new List<SweepEventPublished>(); // events can overtake the start's answer; they are folded in after it
        try
        {
            while (started is null && await channel.Reader.WaitToReadAsync(host.Stopping))
            {
                switch (await channel.Reader.ReadAsync(host.Stopping))
                {
                    case SweepStarted s:
                        started = s;
                        break;
                    case SweepEventPublished published:
                        early.Add(published);
                        break;
                    case SweepRejected rejected:
                        Console.Error.WriteLine($"actortune: {CommandHint.Rejection(rejected, spec.Name, db)}");
                        return rejected.BadInput ? ExitCodes.BadInput : ExitCodes.Failure;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Interrupted; // a standby stopped before it took over: nothing of the sweep ran here
        }
        if (started is null)
        {
            return ExitCodes.Failure;
        }
        var state = early.Aggregate(started.State, (folded, published) => published.ApplyTo(folded));
        Console.WriteLine($"running sweep {spec.Name} here: {state.Finished} of {spec.Trials} trials done");
        return await RunCommand.FollowToEndAsync(channel.Reader, state, host, session, clock,
            $"{CommandHint.ThisCommandAgain()} or {CommandHint.Resume(spec.Name, db)}");
    }

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
