using ActorTune.Actors.Messages;
using ActorTune.Actors.Workers;
using ActorTune.Model.Space;
using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;

namespace ActorTune.Actors.Tests;

public sealed class WorkerHostTests : IDisposable
{
    private readonly TestKit _kit = new(TestSweeps.Config(TestSweeps.TempDatabase()));

    public void Dispose() => _kit.Shutdown();

    [Fact]
    public void Each_free_slot_asks_once_and_sweeps_with_work_are_asked_in_turn()
    {
        var worker = _kit.Sys.ActorOf(WorkerHost.Props(1, "n"));
        var a = _kit.CreateTestProbe();
        var b = _kit.CreateTestProbe();
        worker.Tell(new WorkReady("a"), a.Ref);
        a.ExpectMsg<RequestWork>(TimeSpan.FromSeconds(5));
        worker.Tell(new WorkReady("b"), b.Ref); // the only slot is asked for already
        worker.Tell(new WorkReady("a"), a.Ref); // a repeated announcement asks nothing more

        // Each sweep in turn gets the slot when the trial in it ends, though both keep announcing work.
        RunOneEpochAndStop(worker, a, "a");
        b.ExpectMsg<RequestWork>(TimeSpan.FromSeconds(5));
        RunOneEpochAndStop(worker, b, "b");
        a.ExpectMsg<RequestWork>(TimeSpan.FromSeconds(5));
        b.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    /// <summary>Answers the worker's request with a short synthetic trial and stops it after its first epoch.</summary>
    private static void RunOneEpochAndStop(IActorRef worker, TestProbe sweep, string name)
    {
        var assignment = new TrialAssignment(name, 1, 1, new TrialConfig([new("learning-rate", ParamValue.Of(0.01)), new("hidden-units", ParamValue.Of(32))]),
            Seed: 7, FromEpoch: 0, Checkpoint: null, TestSweeps.Synthetic(name, trials: 1, epochs: 3));
        worker.Tell(new RunTrial(assignment), sweep.Ref);
        sweep.FishForMessage(m => m is EpochCompleted, TimeSpan.FromSeconds(10));
        worker.Tell(new StopTraining(1, 1), sweep.Ref);
        sweep.FishForMessage(m => m is TrialStopped, TimeSpan.FromSeconds(10));
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
