using System.Collections.Immutable;
using ActorTune.Actors.Messages;
using ActorTune.Actors.Sweeps;
using ActorTune.Model.State;
using ActorTune.Model.Sweep;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using Akka.TestKit.Xunit2;

namespace ActorTune.Actors.Tests;

/// <summary>
/// The supervisor with its parts injected and no database: an in-memory journal, a probe as the worker directory (the
/// test plays the worker) and a probe as the trial storage (the test answers checkpoint reads). Shows what it does
/// message by message — its states, the scheduler decided inline, checkpoint reads that come back as messages.
/// </summary>
public sealed class SweepSupervisorPartsTests : TestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private readonly TestProbe _workers;
    private readonly TestProbe _storage;
    private readonly SweepParts _parts;

    public SweepSupervisorPartsTests()
        : base(ConfigurationFactory.ParseString("""
            akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
            akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
            actortune.write-every = 10ms
            """))
    {
        _workers = CreateTestProbe("workers");
        _storage = CreateTestProbe("storage");
        var workers = _workers.Ref;
        _parts = SweepParts.Default with
        {
            Workers = () => Props.Create(() => new Forwarder(workers)),
            TrialStorage = _ => _storage.Ref,
        };
    }

    /// <summary>Stands in for the worker directory: what the supervisor tells its workers child reaches the test's probe.</summary>
    private sealed class Forwarder : ReceiveActor
    {
        public Forwarder(IActorRef to) => ReceiveAny(m => to.Forward(m));
    }

    private static SweepSpec Spec(string name, int trials, int epochs, string scheduler = "none") =>
        TestSweeps.Synthetic(name, trials, epochs, concurrency: 1) with { Scheduler = ComponentSpec.Named(scheduler) };

    private IActorRef Start(string name, SweepSpec? spec, TestProbe observer)
    {
        var supervisor = Sys.ActorOf(SweepSupervisor.Props(name, _parts));
        supervisor.Tell(new ObserveSweep(), observer.Ref);
        supervisor.Tell(new StartSweep(spec, ""), TestActor);
        ExpectMsg<SweepStarted>(Wait);
        return supervisor;
    }

    /// <summary>Plays one worker slot: asks for work and gets a trial.</summary>
    private TrialAssignment AskForWork(IActorRef supervisor, TestProbe worker)
    {
        worker.Send(supervisor, new RequestWork("test-node"));
        return worker.ExpectMsg<RunTrial>(Wait).Assignment;
    }

    private static EpochCompleted Epoch(TrialAssignment trial, int epoch, double accuracy) =>
        new(trial.TrialId, trial.Attempt, epoch, ImmutableSortedDictionary<string, double>.Empty.Add("val_accuracy", accuracy), 0.01);

    [Fact]
    public void A_sweep_runs_to_the_end_with_the_test_as_its_worker()
    {
        var observer = CreateTestProbe();
        var supervisor = Start("parts-run", Spec("parts-run", trials: 2, epochs: 2), observer);
        _workers.ExpectMsg<BroadcastToWorkers>(b => b.Message is WorkReady, Wait);
        var worker = CreateTestProbe();
        for (var n = 0; n < 2; n++)
        {
            var trial = AskForWork(supervisor, worker);
            Assert.Equal(0, trial.FromEpoch);
            // Without a scheduler a trial trains its epochs on its own: no word between them, a stop after its last.
            worker.Send(supervisor, Epoch(trial, 1, 0.5));
            worker.Send(supervisor, Epoch(trial, 2, 0.6 + n / 10.0));
            worker.ExpectMsg<StopTraining>(s => s.TrialId == trial.TrialId, Wait); // its last epoch: completed
        }
        // Every event durable, the summary goes to list's projection before the observers hear.
        var save = (SaveSweepSummary)_storage.FishForMessage(m => m is SaveSweepSummary, Wait);
        Assert.Equal(("parts-run", 2, 2, 0.7), (save.Sweep, save.Summary.Finished, save.Summary.BestTrial, save.Summary.BestValue));
        _storage.Reply(new SweepSummarySaved());
        var finished = (SweepFinished)observer.FishForMessage(m => m is SweepFinished, Wait);
        Assert.Equal(save.EventCount, finished.State.EventCount);
        Assert.True(finished.State.Lean);
        Assert.Equal(SweepStatus.Completed, finished.State.Status);
        Assert.Equal([TrialStatus.Completed, TrialStatus.Completed], finished.State.Trials.Select(t => t.Status));
        Assert.Equal(0.7, finished.State.Best()!.BestValue!.Value, 9);

        // Ended: a worker asking for more gets none, a babysitter is told the sweep is over.
        worker.Send(supervisor, new RequestWork("test-node"));
        worker.ExpectMsg<NoWork>(Wait);
        supervisor.Tell(new Intervene("pause", null, null, null), TestActor);
        Assert.False(ExpectMsg<InterventionReply>(Wait).Accepted);
    }

    [Fact]
    public void The_scheduler_decides_inline_and_a_stopping_sweep_takes_no_more_reports()
    {
        // Median stopping: a trial whose running best is below the median of the others at the same epoch is pruned.
        var observer = CreateTestProbe();
        var spec = Spec("parts-median", trials: 3, epochs: 3, "median") with
        {
            Scheduler = new ComponentSpec("median", ImmutableSortedDictionary<string, string>.Empty.Add("grace", "1").Add("min-trials", "2")),
        };
        var supervisor = Start("parts-median", spec, observer);
        var worker = CreateTestProbe();
        foreach (var accuracy in new[] { 0.8, 0.9 })
        {
            var good = AskForWork(supervisor, worker);
            for (var epoch = 1; epoch <= 3; epoch++)
            {
                worker.Send(supervisor, Epoch(good, epoch, accuracy));
                if (epoch < 3)
                {
                    worker.ExpectMsg<ContinueTraining>(Wait);
                }
            }
            worker.ExpectMsg<StopTraining>(Wait);
        }
        var bad = AskForWork(supervisor, worker);
        worker.Send(supervisor, Epoch(bad, 1, 0.1));
        worker.Send(supervisor, Epoch(bad, 2, 0.1)); // past the grace epoch, below the median: pruned at once
        worker.ExpectMsg<ContinueTraining>(Wait);
        worker.ExpectMsg<StopTraining>(Wait);
        _storage.FishForMessage(m => m is SaveSweepSummary, Wait);
        _storage.Reply(new SweepSummarySaved());
        var finished = (SweepFinished)observer.FishForMessage(m => m is SweepFinished, Wait);
        Assert.True(finished.State.Lean);
        Assert.Equal(TrialStatus.Pruned, finished.State.Trial(bad.TrialId).Status);
        Assert.Equal(2, finished.State.Trial(bad.TrialId).LastEpoch);
        // Ended trials keep their best and last epochs, and (a scheduler's sweep) the metric at every epoch.
        var first = finished.State.Trial(1);
        Assert.Equal([1, 3], first.Epochs.Select(e => e.Epoch)); // 0.8 at every epoch: the first is the best
        Assert.Equal([0.8, 0.8, 0.8], first.Dropped!.Trail.ToArray());
        Assert.Equal(3, first.LastEpoch);
    }

    [Fact]
    public void A_resumed_trial_waits_for_its_checkpoint_read_then_continues_from_it()
    {
        var observer = CreateTestProbe();
        var spec = Spec("parts-resume", trials: 1, epochs: 4) with { Babysit = true }; // babysat: it waits for a word after each epoch
        var first = Start("parts-resume", spec, observer);
        var worker = CreateTestProbe();
        var trial = AskForWork(first, worker);
        worker.Send(first, Epoch(trial, 1, 0.5));
        worker.ExpectMsg<ContinueTraining>(Wait);
        worker.Send(first, Epoch(trial, 2, 0.55));
        worker.ExpectMsg<ContinueTraining>(Wait);
        first.Tell(new StopSweep(), TestActor);
        _storage.FishForMessage(m => m is FlushCheckpoints, Wait);
        _storage.Reply(new CheckpointsFlushed());
        ExpectMsg<SweepStopped>(Wait);
        // Stopping: a late report is dropped and a worker asking gets nothing.
        worker.Send(first, Epoch(trial, 3, 0.6));
        worker.Send(first, new RequestWork("test-node"));
        worker.FishForMessage(m => m is NoWork, Wait);
        Watch(first);
        Sys.Stop(first);
        ExpectTerminated(first, Wait);

        // The next session reads the trial's checkpoint through the storage; a worker asking meanwhile waits for it.
        var second = Start("parts-resume", null, CreateTestProbe());
        var read = (ReadCheckpoint)_storage.FishForMessage(m => m is ReadCheckpoint, Wait);
        Assert.Equal((trial.TrialId, 2, (int?)null), (read.TrialId, read.UpTo, read.Epoch));
        worker.Send(second, new RequestWork("test-node"));
        // Had it launched before the answer, the trial would start from scratch: the assignment must carry the checkpoint.
        _storage.Reply(new CheckpointRead(trial.TrialId, 2, [1, 2, 3], read.Context));
        var resumed = ((RunTrial)worker.FishForMessage(m => m is RunTrial, Wait)).Assignment;
        Assert.Equal((trial.TrialId, 2, trial.Attempt + 1), (resumed.TrialId, resumed.FromEpoch, resumed.Attempt));
        Assert.Equal(new byte[] { 1, 2, 3 }, resumed.Checkpoint);
    }
}
