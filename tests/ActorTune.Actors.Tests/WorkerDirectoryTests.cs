using ActorTune.Actors.Messages;
using ActorTune.Actors.Persistence;
using ActorTune.Actors.Workers;
using ActorTune.Tests.Shared;
using Akka.Actor;
using Akka.Cluster;
using Akka.TestKit.Xunit2;

namespace ActorTune.Actors.Tests;

public sealed class WorkerDirectoryTests : IDisposable
{
    private readonly TestKit _kit = new(TestSweeps.Config(TestSweeps.TempDatabase(),
        ActorTuneConfig.ClusterHocon("127.0.0.1", LoopbackPort.Free(), [], [WorkerDirectory.WorkerRole, "coordinator"])), ActorTuneConfig.SystemName);

    public void Dispose() => _kit.Shutdown();

    [Fact]
    public void An_announcement_made_before_the_directory_knows_the_members_still_reaches_the_workers()
    {
        var cluster = Cluster.Get(_kit.Sys);
        cluster.Join(cluster.SelfAddress);
        _kit.AwaitCondition(() => cluster.SelfMember.Status == MemberStatus.Up, TimeSpan.FromSeconds(20));
        var worker = _kit.CreateTestProbe();
        _kit.Sys.ActorOf(Props.Create(() => new Forwarder(worker.Ref)), WorkerHost.Name);

        // Told at once, as a sweep does when it starts: the cluster has not yet answered the directory's subscription.
        var directory = _kit.Sys.ActorOf(WorkerDirectory.Props());
        directory.Tell(new BroadcastToWorkers(new WorkReady("new-sweep")));

        Assert.Equal("new-sweep", worker.ExpectMsg<WorkReady>(TimeSpan.FromSeconds(5)).Sweep);
    }

    private sealed class Forwarder : ReceiveActor
    {
        public Forwarder(IActorRef to) => ReceiveAny(to.Forward);
    }
}
