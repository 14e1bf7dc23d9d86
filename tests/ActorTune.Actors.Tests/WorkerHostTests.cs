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
        // Both sweeps' mail lands, tagged, on one recorder: the order and the number of requests are checked, not a total.
        var recorder = _kit.CreateTestProbe();
        var a = _kit.Sys.ActorOf(Tagging.Props("a", recorder.Ref));
        var b = _kit.Sys.ActorOf(Tagging.Props("b", recorder.Ref));
        worker.Tell(new WorkReady("a"), a);
        Assert.Equal(("a", typeof(RequestWork)), Next(recorder));
        worker.Tell(new WorkReady("b"), b); // the only slot is asked for already
        worker.Tell(new WorkReady("a"), a); // a repeated announcement asks nothing more

        // Each sweep in turn gets the slot when the trial in it ends, though both keep announcing work: a, b, a, then b
        // again. A request too many (to the sweep whose trial just ended, or a second one while the slot is taken)
        // would arrive before the next expected one and fail the turn.
        RunOneEpochAndStop(worker, recorder, a, "a", next: "b");
        RunOneEpochAndStop(worker, recorder, b, "b", next: "a");
        RunOneEpochAndStop(worker, recorder, a, "a", next: "b");
        // Nothing more: the worker's answers to Identify come after anything it sent before them, to each sweep.
        worker.Tell(new Identify("a"), a);
        worker.Tell(new Identify("b"), b);
        Assert.Equal(new[] { ("a", typeof(ActorIdentity)), ("b", typeof(ActorIdentity)) }, new[] { Next(recorder), Next(recorder) }.OrderBy(m => m.Sweep));
    }

    private static (string Sweep, Type Message) Next(TestProbe recorder)
    {
        var (sweep, message) = recorder.ExpectMsg<(string, object)>(TimeSpan.FromSeconds(10));
        return (sweep, message.GetType());
    }

    /// <summary>
    /// Answers the worker's request from <paramref name="name"/> with a short synthetic trial, stops it after its first
    /// epoch, and expects the freed slot to be offered to <paramref name="next"/> alone: until then the only mail is the
    /// trial's own, to its sweep.
    /// </summary>
    private static void RunOneEpochAndStop(IActorRef worker, TestProbe recorder, IActorRef sweep, string name, string next)
    {
        var assignment = new TrialAssignment(name, 1, 1, new TrialConfig([new("learning-rate", ParamValue.Of(0.01)), new("hidden-units", ParamValue.Of(32))]),
            Seed: 7, FromEpoch: 0, Checkpoint: null, TestSweeps.Synthetic(name, trials: 1, epochs: 3));
        worker.Tell(new RunTrial(assignment), sweep);
        while (true)
        {
            var (to, message) = Next(recorder);
            Assert.True(to == name && message != typeof(RequestWork) && message != typeof(TrialStopped), $"{message.Name} to {to} while {name}'s trial runs");
            if (message == typeof(EpochCompleted))
            {
                break;
            }
        }
        worker.Tell(new StopTraining(1, 1), sweep);
        // The trial's end (to its sweep) and the request (to the next sweep) come through two taggers: either order.
        var (stopped, asked) = (false, false);
        while (!(stopped && asked))
        {
            var (to, message) = Next(recorder);
            if (message == typeof(RequestWork))
            {
                Assert.True(to == next && !asked, $"the freed slot was offered to {to}; {next}'s turn (asked already: {asked})");
                asked = true;
            }
            else if (message == typeof(TrialStopped))
            {
                Assert.True(to == name && !stopped, $"TrialStopped to {to}");
                stopped = true;
            }
            else
            {
                Assert.True(to == name, $"{message.Name} to {to} when {name}'s trial stopped");
            }
        }
    }

    /// <summary>Stands in for a sweep: everything sent to it goes on to the recorder as (its name, the message).</summary>
    private sealed class Tagging : ReceiveActor
    {
        public Tagging(string name, IActorRef recorder)
        {
            ReceiveAny(message => recorder.Tell((name, message)));
        }

        public static Props Props(string name, IActorRef recorder) => Akka.Actor.Props.Create(() => new Tagging(name, recorder));
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
        var recorder = _kit.CreateTestProbe();
        var busy = _kit.Sys.ActorOf(Tagging.Props("busy", recorder.Ref));
        worker.Tell(new WorkReady("idle"), idle.Ref);
        idle.ExpectMsg<RequestWork>();
        worker.Tell(new WorkReady("busy"), busy);
        // The only slot is asked for already: the worker's answer to Identify, sent after it took the announcement,
        // is the first thing busy gets (no waiting for a request that should not come).
        worker.Tell(new Identify("busy"), busy);
        Assert.Equal(("busy", typeof(ActorIdentity)), Next(recorder));
        worker.Tell(new NoWork("idle"), idle.Ref);
        Assert.Equal(("busy", typeof(RequestWork)), Next(recorder));
    }
}
