using ActorTune.Actors.Messages;
using ActorTune.Actors.Workers;
using Akka.TestKit.Xunit2;

namespace ActorTune.Actors.Tests;

public sealed class WorkerHostTests : IDisposable
{
    private readonly TestKit _kit = new(TestSweeps.Config(TestSweeps.TempDatabase()));

    public void Dispose() => _kit.Shutdown();

    [Fact]
    public void Each_free_slot_asks_once_and_sweeps_with_work_are_asked_in_turn()
    {
        var worker = _kit.Sys.ActorOf(WorkerHost.Props(2, "n"));
        var a = _kit.CreateTestProbe();
        var b = _kit.CreateTestProbe();
        worker.Tell(new WorkReady("a"), a.Ref);
        worker.Tell(new WorkReady("b"), b.Ref);
        // Two slots: one request each way at most, never more requests than free slots.
        var asked = a.ReceiveWhile<object>(TimeSpan.FromMilliseconds(300), m => m).OfType<RequestWork>().Count()
                    + b.ReceiveWhile<object>(TimeSpan.FromMilliseconds(300), m => m).OfType<RequestWork>().Count();
        Assert.Equal(2, asked);
    }

    [Fact]
    public void A_sweep_that_ends_before_answering_does_not_keep_the_slot()
    {
        var worker = _kit.Sys.ActorOf(WorkerHost.Props(1, "n"));
        var ending = _kit.CreateTestProbe();
        worker.Tell(new WorkReady("ending"), ending.Ref);
        ending.ExpectMsg<RequestWork>();
        _kit.Sys.Stop(ending.Ref); // it finishes without answering
        var next = _kit.CreateTestProbe();
        worker.Tell(new WorkReady("next"), next.Ref);
        next.ExpectMsg<RequestWork>(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void A_slot_freed_by_no_work_goes_to_the_next_sweep()
    {
        var worker = _kit.Sys.ActorOf(WorkerHost.Props(1, "n"));
        var idle = _kit.CreateTestProbe();
        var busy = _kit.CreateTestProbe();
        worker.Tell(new WorkReady("idle"), idle.Ref);
        idle.ExpectMsg<RequestWork>();
        worker.Tell(new WorkReady("busy"), busy.Ref);
        busy.ExpectNoMsg(TimeSpan.FromMilliseconds(200)); // the only slot is asked for already
        worker.Tell(new NoWork("idle"), idle.Ref);
        busy.ExpectMsg<RequestWork>(TimeSpan.FromSeconds(5));
    }
}
