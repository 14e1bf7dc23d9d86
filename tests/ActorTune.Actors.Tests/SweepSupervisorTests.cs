using ActorTune.Actors.Messages;
using ActorTune.Actors.Storage;
using ActorTune.Actors.Sweeps;
using ActorTune.Actors.Workers;
using ActorTune.Model.Space;
using ActorTune.Model.State;
using ActorTune.Model.Sweep;
using ActorTune.Tests.Shared;
using Akka.Actor;
using Akka.TestKit.Xunit2;

namespace ActorTune.Actors.Tests;

/// <summary>The supervisor against a real database; run once on SQLite and once on PostgreSQL (subclasses below).</summary>
public abstract class SweepSupervisorTests : IDisposable
{
    private readonly string _database;
    private readonly TestKit _kit;
    private IActorRef? _worker;

    protected SweepSupervisorTests(string? database, string? unavailable)
    {
        Unavailable = unavailable;
        _database = database ?? TestSweeps.TempDatabase();
        _kit = new TestKit(TestSweeps.Config(_database, "actortune.snapshot-every = 25"));
    }

    private string? Unavailable { get; }

    public void Dispose() => _kit.Shutdown();

    private void RequireDatabase() => Skip.If(Unavailable is not null, Unavailable);

    /// <summary>
    /// An observer's view of a sweep: the state from <see cref="SweepStarted"/>, folded forward with every published event.
    /// That state is the supervisor's, lean; for a sweep with no trial ended yet nothing was dropped from it, and the
    /// observer folds a full state (<see cref="FoldedFromStart"/>), an account of the sweep independent of the log's.
    /// </summary>
    private sealed class Observed(Akka.TestKit.TestProbe probe, SweepState state)
    {
        public SweepState State { get; private set; } = state.Finished == 0 ? state with { Lean = false } : state;

        public bool FoldedFromStart { get; } = state.Finished == 0;

        /// <summary>Folds events until <paramref name="until"/> holds; returns that state.</summary>
        public SweepState Next(Func<SweepState, bool> until, TimeSpan? within = null)
        {
            probe.FishForMessage(m =>
            {
                if (m is SweepEventPublished published)
                {
                    State = published.ApplyTo(State);
                    return until(State);
                }
                return false;
            }, within ?? TimeSpan.FromSeconds(60));
            return State;
        }

        /// <summary>Every event published within <paramref name="during"/>, folded in.</summary>
        public List<SweepEventPublished> During(TimeSpan during)
        {
            var published = probe.ReceiveWhile<object>(during, m => m).OfType<SweepEventPublished>().ToList();
            published.ForEach(p => State = p.ApplyTo(State));
            return published;
        }

        public object? Receive(TimeSpan within)
        {
            var message = probe.ReceiveOne(within);
            if (message is SweepEventPublished published)
            {
                State = published.ApplyTo(State);
            }
            return message;
        }
    }

    /// <summary>Starts a sweep (or resumes, with <paramref name="spec"/> null) and returns its session and observer.</summary>
    private (IActorRef Supervisor, Observed Observer) Start(SweepSpec? spec, string name)
    {
        // This node's worker, with the slots the first sweep asks for (as the host starts it).
        _worker ??= _kit.Sys.ActorOf(WorkerHost.Props(spec?.Concurrency ?? 2, "test-node"), WorkerHost.Name);
        var observer = _kit.CreateTestProbe();
        var supervisor = _kit.Sys.ActorOf(SweepSession.Props(name), $"sweep-{name}-{Guid.NewGuid():N}");
        supervisor.Tell(new ObserveSweep(), observer.Ref);
        supervisor.Tell(new StartSweep(spec, ""), _kit.TestActor);
        var started = _kit.ExpectMsg<SweepStarted>(TimeSpan.FromSeconds(30));
        return (supervisor, new Observed(observer, started.State));
    }

    /// <summary>Runs a sweep to the end and returns every state the observer saw, then the final one.</summary>
    private (List<SweepState> Seen, SweepState Final) RunToEnd(SweepSpec? spec, string name)
    {
        var (supervisor, observer) = Start(spec, name);
        var seen = new List<SweepState>();
        while (true)
        {
            switch (observer.Receive(TimeSpan.FromSeconds(90)))
            {
                case SweepEventPublished:
                    seen.Add(observer.State);
                    break;
                case SweepFinished finished:
                    _kit.Sys.Stop(supervisor);
                    _kit.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
                    // The supervisor's state is lean; the readers' full state is folded from the log. Both tell one sweep,
                    // and so does the observer's own fold of what it was told.
                    var full = new SweepStore(_kit.Sys).LoadAsync(name).GetAwaiter().GetResult();
                    Assert.True(finished.State.Lean);
                    AssertSameSweep(full.AsLean(), finished.State);
                    if (observer.FoldedFromStart)
                    {
                        Assert.Equal(observer.State.Trials.SelectMany(t => t.Epochs), full.Trials.SelectMany(t => t.Epochs));
                    }
                    return (seen, full);
                case null:
                    throw new TimeoutException("the sweep did not finish");
            }
        }
    }

    private static void AssertSameSweep(SweepState expected, SweepState actual)
    {
        Assert.Equal((expected.Status, expected.EventCount, expected.BestTrialId, expected.Finished),
            (actual.Status, actual.EventCount, actual.BestTrialId, actual.Finished));
        Assert.Equal(expected.Trials.Select(t => (t.Id, t.Config, t.Status, t.Attempt, t.BestValue, t.LastEpoch)),
            actual.Trials.Select(t => (t.Id, t.Config, t.Status, t.Attempt, t.BestValue, t.LastEpoch)));
        Assert.Equal(expected.Trials.SelectMany(t => t.Epochs), actual.Trials.SelectMany(t => t.Epochs));
        Assert.Equal(expected.Trials.Select(t => Math.Round(t.Seconds, 9)), actual.Trials.Select(t => Math.Round(t.Seconds, 9)));
    }

    /// <summary>Stops a running sweep once <paramref name="when"/> holds; returns the state at the stop.</summary>
    private SweepState StopWhen(IActorRef supervisor, Observed observer, Func<SweepState, bool> when)
    {
        observer.Next(when);
        supervisor.Tell(new StopSweep(), _kit.TestActor);
        var stopped = _kit.ExpectMsg<SweepStopped>(TimeSpan.FromSeconds(10)).State;
        _kit.Sys.Stop(supervisor);
        _kit.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        return stopped;
    }

    [SkippableFact]
    public void Runs_at_most_concurrency_trials_at_once_and_completes_the_budget()
    {
        RequireDatabase();
        var (seen, final) = RunToEnd(TestSweeps.Synthetic("concurrency", trials: 8, concurrency: 2), "concurrency");
        Assert.Equal(SweepStatus.Completed, final.Status);
        Assert.Equal(8, final.Trials.Count);
        Assert.All(final.Trials, t => Assert.Equal(TrialStatus.Completed, t.Status));
        Assert.True(seen.Max(s => s.Running) <= 2, "more trials ran at once than concurrency allows");
        Assert.Equal(2, seen.Max(s => s.Running));
    }

    [SkippableFact]
    public void Every_trial_reports_every_epoch_in_order()
    {
        RequireDatabase();
        var (_, final) = RunToEnd(TestSweeps.Synthetic("epochs", trials: 4, epochs: 6), "epochs");
        Assert.All(final.Trials, t => Assert.Equal([1, 2, 3, 4, 5, 6], t.Epochs.Select(e => e.Epoch)));
        Assert.All(final.Trials, t => Assert.All(t.Epochs, e => Assert.True(e.Metrics.ContainsKey("val_accuracy"))));
        Assert.All(final.Trials, t => Assert.Equal("test-node", t.Node));
    }

    [SkippableFact]
    public void A_failing_trainer_ends_its_trial_as_failed_and_the_sweep_goes_on()
    {
        RequireDatabase();
        var failing = new ChoiceParameter("fail-at-epoch", [ParamValue.Of(0), ParamValue.Of(2)]);
        var (_, final) = RunToEnd(TestSweeps.Synthetic("failing", trials: 10, epochs: 4, extra: failing), "failing");
        Assert.Equal(SweepStatus.Completed, final.Status);
        var failed = final.Trials.Where(t => t.Config["fail-at-epoch"].Number == 2).ToList();
        Assert.NotEmpty(failed);
        Assert.All(failed, t =>
        {
            Assert.Equal(TrialStatus.Failed, t.Status);
            Assert.Contains("synthetic failure at epoch 2", t.Reason);
            Assert.Single(t.Epochs);
        });
        Assert.All(final.Trials.Except(failed), t => Assert.Equal(TrialStatus.Completed, t.Status));
    }

    [SkippableFact]
    public void A_diverging_trial_ends_as_diverged_with_its_epochs_kept()
    {
        RequireDatabase();
        var spec = TestSweeps.Synthetic("diverging", trials: 3) with
        {
            Space = new SearchSpace([new ChoiceParameter("learning-rate", [ParamValue.Of(0.9), ParamValue.Of(0.01)])]),
            Strategy = ComponentSpec.Named("grid"),
        };
        var (_, final) = RunToEnd(spec, "diverging");
        var diverged = final.Trials.Single(t => t.Config["learning-rate"].Number == 0.9);
        Assert.Equal(TrialStatus.Diverged, diverged.Status);
        Assert.Single(diverged.Epochs);
        Assert.Equal(TrialStatus.Completed, final.Trials.Single(t => t.Config["learning-rate"].Number == 0.01).Status);
        Assert.Equal(2, final.Trials.Count);
    }

    [SkippableFact]
    public async Task Recovery_from_snapshot_and_journal_rebuilds_the_same_state()
    {
        RequireDatabase();
        // snapshot-every = 25 events here, so recovery starts from a snapshot and replays the events after it.
        var (_, final) = RunToEnd(TestSweeps.Synthetic("recovery", trials: 5), "recovery");
        // The supervisor recovers its lean state from its (lean) snapshot and the events after it.
        var (again, recoveredLean) = Start(null, "recovery");
        AssertSameSweep(final.AsLean(), recoveredLean.State);
        _kit.Sys.Stop(again);
        _kit.Shutdown();

        var reader = new TestKit(TestSweeps.Config(_database));
        try
        {
            var recovered = await new SweepStore(reader.Sys).LoadAsync("recovery");
            Assert.Equal(final.Status, recovered.Status);
            Assert.Equal(final.EventCount, recovered.EventCount);
            Assert.Equal(final.Trials.Select(t => (t.Id, t.Config, t.Status, t.Attempt)), recovered.Trials.Select(t => (t.Id, t.Config, t.Status, t.Attempt)));
            Assert.Equal(final.Trials.SelectMany(t => t.Epochs), recovered.Trials.SelectMany(t => t.Epochs));
            Assert.Equal(["recovery"], await new SweepStore(reader.Sys).NamesAsync());
        }
        finally
        {
            reader.Shutdown();
        }
    }

    [SkippableFact]
    public void A_stopped_sweep_resumes_without_rerunning_finished_trials_or_exceeding_the_budget()
    {
        RequireDatabase();
        var spec = TestSweeps.Synthetic("resumed", trials: 6, epochs: 100) with
        {
            Model = TestSweeps.Synthetic("x").Model.With("epoch-seconds", "0.03"),
        };
        var (supervisor, observer) = Start(spec, "resumed");
        // Stopped while a trial is well short of its last epoch (≥ 2.7 s of it left), so it cannot complete before the
        // stop reaches it even on a loaded machine (0.1 s left was not always enough).
        var stopped = StopWhen(supervisor, observer,
            s => s.Finished >= 2 && s.Trials.Any(t => t.Status == TrialStatus.Running && t.Epochs.Count <= 10));
        var finishedBefore = stopped.Trials.Where(t => t.Status.IsFinished()).Select(t => t.Id).ToHashSet();
        var interrupted = stopped.Trials.Where(t => t.Status == TrialStatus.Running).Select(t => t.Id).ToHashSet();
        Assert.NotEmpty(interrupted);

        var (_, final) = RunToEnd(null, "resumed");
        Assert.Equal(SweepStatus.Completed, final.Status);
        Assert.Equal(6, final.Trials.Count);
        Assert.All(final.Trials.Where(t => finishedBefore.Contains(t.Id)), t => Assert.Equal(1, t.Attempt));
        Assert.All(final.Trials.Where(t => interrupted.Contains(t.Id)), t => Assert.Equal(2, t.Attempt));
        Assert.All(final.Trials, t => Assert.Equal(Enumerable.Range(1, 100), t.Epochs.Select(e => e.Epoch)));
    }

    [SkippableFact]
    public void A_restarted_trial_continues_from_its_checkpoint_and_produces_the_same_numbers()
    {
        RequireDatabase();
        // Epochs of this small MLP take about a millisecond: 40 of them leave the stop time to land mid-trial.
        var (_, straight) = RunToEnd(TestSweeps.Digits("straight", trials: 2, epochs: 40), "straight");

        var spec = TestSweeps.Digits("interrupted", trials: 2, epochs: 40);
        var (supervisor, observer) = Start(spec, "interrupted");
        StopWhen(supervisor, observer, s => s.Trials.Count == 2 && s.Trials.All(t => t.LastEpoch >= 3));
        var (_, resumed) = RunToEnd(null, "interrupted");

        var continued = resumed.Trials.Where(t => t.Attempt == 2).ToList();
        Assert.NotEmpty(continued);
        Assert.All(continued, t => Assert.InRange(t.ResumedFrom, 3, 39));
        foreach (var (a, b) in straight.Trials.Zip(resumed.Trials))
        {
            Assert.Equal(a.Config, b.Config);
            Assert.Equal(a.Epochs.Select(e => e.Epoch), b.Epochs.Select(e => e.Epoch));
            // Bit-for-bit: the checkpoint restored weights and optimizer state exactly.
            Assert.Equal(a.Epochs.Select(e => e.Metrics), b.Epochs.Select(e => e.Metrics));
        }
        var checkpoints = ActorTuneStorage.Get(_kit.Sys).Checkpoints;
        Assert.InRange(checkpoints.Count("interrupted"), 2, 6); // last two and the best per trial, no more
    }

    [SkippableFact]
    public void An_asha_scheduler_prunes_trials_at_its_rungs_and_keeps_their_epochs()
    {
        RequireDatabase();
        var spec = TestSweeps.Synthetic("asha", trials: 12, epochs: 9) with
        {
            Scheduler = ComponentSpec.Named("asha").With("grace", "1").With("eta", "3"),
        };
        var (_, final) = RunToEnd(spec, "asha");
        Assert.Equal(SweepStatus.Completed, final.Status);
        var pruned = final.Trials.Where(t => t.Status == TrialStatus.Pruned).ToList();
        Assert.NotEmpty(pruned);
        Assert.All(pruned, t =>
        {
            Assert.Contains(t.LastEpoch, new[] { 1, 3 }); // the rungs below 9 epochs
            Assert.Equal(Enumerable.Range(1, t.LastEpoch), t.Epochs.Select(e => e.Epoch));
            Assert.StartsWith("asha: not in the top 1/3", t.Reason);
        });
        Assert.Contains(final.Trials, t => t.Status == TrialStatus.Completed && t.LastEpoch == 9);
        Assert.Equal(final.Best()!.Id, final.Trials.Where(t => t.Status == TrialStatus.Completed).MaxBy(t => t.BestValue)!.Id);
    }

    [SkippableFact]
    public void Pbt_exploit_copies_the_donors_weights_so_the_next_epoch_starts_from_its_loss()
    {
        RequireDatabase();
        // Two hopeless members (lr 1e-5) and two good ones: at epoch 4 the worst copies a good one.
        var spec = TestSweeps.Digits("pbt", trials: 4, epochs: 6) with
        {
            Concurrency = 4,
            Strategy = ComponentSpec.Named("grid"),
            Scheduler = ComponentSpec.Named("pbt").With("interval", "4").With("quantile", "0.25").With("resample", "0"),
            Space = new SearchSpace([
                new ChoiceParameter("learning-rate", [ParamValue.Of(1e-5), ParamValue.Of(1e-2)]),
                new ChoiceParameter("beta1", [ParamValue.Of(0.9), ParamValue.Of(0.95)]),
                new FixedParameter("hidden-units", ParamValue.Of(24)),
            ]),
        };
        var (_, final) = RunToEnd(spec, "pbt");
        var exploited = final.Trials.Where(t => t.Schedule is { Count: > 0 }).ToList();
        Assert.NotEmpty(exploited);
        foreach (var child in exploited)
        {
            var change = child.Schedule![0];
            var donor = final.Trial(change.Donor);
            Assert.Equal(1e-2, donor.CurrentConfig["learning-rate"].Number); // a donor may itself have copied a good member
            Assert.Equal(1e-2, change.Config["learning-rate"].Number);
            Assert.Equal(child.CurrentConfig, change.Config);
            var before = child.Epochs.Single(e => e.Epoch == change.FromEpoch).Metric("val_loss")!.Value;
            var after = child.Epochs.Single(e => e.Epoch == change.FromEpoch + 1).Metric("val_loss")!.Value;
            var donorLoss = donor.Epochs.Single(e => e.Epoch == change.DonorEpoch).Metric("val_loss")!.Value;
            // The child's next epoch starts from the donor's weights: its loss is the donor's, not its own.
            Assert.True(Math.Abs(after - donorLoss) < Math.Abs(before - donorLoss) / 3,
                $"child {child.Id}: own {before:F3} → {after:F3}; donor {change.Donor} at epoch {change.DonorEpoch}: {donorLoss:F3}");
            Assert.Equal(Enumerable.Range(1, 6), child.Epochs.Select(e => e.Epoch));
        }
    }

    [SkippableFact]
    public void A_babysitter_pauses_sets_rolls_back_and_stops_through_the_actor_api()
    {
        RequireDatabase();
        var spec = TestSweeps.Digits("babysit", trials: 2, epochs: 40) with { Babysit = true, Concurrency = 1 };
        var (session, observer) = Start(spec, "babysit");
        SweepState Next(Func<SweepState, bool> until) => observer.Next(until, TimeSpan.FromSeconds(30));
        List<SweepEventPublished> Published(TimeSpan during) => observer.During(during);
        InterventionReply Send(Intervene command)
        {
            session.Tell(command, _kit.TestActor);
            return _kit.ExpectMsg<InterventionReply>(TimeSpan.FromSeconds(10));
        }

        Next(s => s.Trials.Count == 1 && s.Trial(1).LastEpoch >= 2);
        Assert.True(Send(new Intervene("pause")).Accepted);
        var paused = Next(s => s.Trial(1).Interventions is { Count: 1 });
        // The epoch under way finishes; after that nothing more comes until "resume".
        Published(TimeSpan.FromMilliseconds(500));
        var pausedAt = observer.State.Trial(1).LastEpoch;
        Assert.DoesNotContain(Published(TimeSpan.FromMilliseconds(500)), p => p.Event is Model.Events.EpochReported);

        Assert.False(Send(new Intervene("set", "hidden-units", "64")).Accepted); // shapes the network: refused
        Assert.True(Send(new Intervene("set", "learning-rate", "0.001")).Accepted);
        var set = Next(s => s.Trial(1).Schedule is { Count: 1 });
        Assert.Equal(0.001, set.Trial(1).CurrentConfig["learning-rate"].Number);
        // Set while paused: the trial waits for "resume" before it trains with the new value (no extra epoch).
        Assert.DoesNotContain(Published(TimeSpan.FromMilliseconds(500)), p => p.Event is Model.Events.EpochReported or Model.Events.TrialStarted);
        Assert.Equal(1, observer.State.Trial(1).Attempt);
        Assert.True(Send(new Intervene("resume")).Accepted);
        var resumed = Next(s => s.Trial(1).Attempt == 2);
        Assert.Equal(pausedAt, resumed.Trial(1).ResumedFrom);
        Next(s => s.Trial(1).LastEpoch >= pausedAt + 3);
        Assert.True(Send(new Intervene("rollback", Epoch: 2)).Accepted);
        var rolled = Next(s => s.Trial(1).ResumedFrom == 2);
        Assert.Equal([1, 2], rolled.Trial(1).Epochs.Select(e => e.Epoch));
        Next(s => s.Trial(1).LastEpoch >= 4);
        Assert.True(Send(new Intervene("stop")).Accepted);
        var stopped = Next(s => s.Trial(1).Status == TrialStatus.Pruned);
        Assert.Equal(["pause", "set", "resume", "rollback", "stop"], stopped.Trial(1).Interventions!.Select(i => i.Action));
        Assert.Contains("stopped by the babysitter", stopped.Trial(1).Reason);
        Next(s => s.Trials.Count == 2 && s.Trial(2).Status == TrialStatus.Running); // the next configuration starts
        Assert.False(Send(new Intervene("rollback", Epoch: 99)).Accepted);
        session.Tell(new StopSweep(), _kit.TestActor);
        _kit.ExpectMsg<SweepStopped>(TimeSpan.FromSeconds(10));
    }

    [SkippableFact]
    public void A_coarse_to_fine_sweep_runs_every_round_to_the_full_budget()
    {
        RequireDatabase();
        // Rounds are synchronous: the next round's first proposal waits for the last result of this one, however
        // the trials interleave. A result that lands while a proposal is being asked for must not end the sweep.
        var spec = TestSweeps.Synthetic("c2f", trials: 30, epochs: 2) with { Strategy = ComponentSpec.Named("coarse-to-fine") };
        var (_, final) = RunToEnd(spec, "c2f");
        Assert.Equal(30, final.Trials.Count);
        Assert.Equal([1, 2, 3], final.Regions.Select(r => r.Round));
        Assert.Equal(Enumerable.Repeat(1, 10).Concat(Enumerable.Repeat(2, 10)).Concat(Enumerable.Repeat(3, 10)), final.Trials.Select(t => t.Round));
    }

    [SkippableFact]
    public void Starting_a_name_that_exists_is_refused_and_resuming_a_missing_one_too()
    {
        RequireDatabase();
        RunToEnd(TestSweeps.Synthetic("taken", trials: 1, epochs: 1), "taken");
        var again = _kit.Sys.ActorOf(SweepSession.Props("taken"));
        again.Tell(new StartSweep(TestSweeps.Synthetic("taken"), ""), _kit.TestActor);
        Assert.Contains("already exists", _kit.ExpectMsg<SweepRejected>().Reason);
        var missing = _kit.Sys.ActorOf(SweepSession.Props("missing"));
        missing.Tell(new StartSweep(null, ""), _kit.TestActor);
        Assert.True(_kit.ExpectMsg<SweepRejected>().BadInput);
    }
}

public sealed class SqliteSweepSupervisorTests() : SweepSupervisorTests(null, null);

[Collection(PostgresCollection.Name)]
public sealed class PostgresSweepSupervisorTests(PostgresServer server)
    : SweepSupervisorTests(server.Available ? server.CreateDatabase() : null, server.Unavailable);
