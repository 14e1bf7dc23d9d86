using System.Collections.Immutable;
using ActorTune.Model.Events;
using ActorTune.Model.Space;
using ActorTune.Model.State;
using ActorTune.Model.Sweep;

namespace ActorTune.Model.Tests;

public class SweepStateTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.UnixEpoch;

    private static ImmutableSortedDictionary<string, double> Accuracy(double value) =>
        ImmutableSortedDictionary<string, double>.Empty.Add("val_accuracy", value).Add("val_loss", 1 - value);

    private static SweepState Defined(Goal goal = Goal.Max) => SweepState.Empty.Apply(new SweepDefined(
        TestSpecs.Synthetic(50, TestSpecs.TwoParameterSpace()) with { Goal = goal }, "", At));

    private static TrialConfig Config(int i) => new([new("learning-rate", ParamValue.Of(i / 100.0))]);

    [Fact]
    public void A_restart_drops_the_epochs_it_redoes_and_reports_from_stale_attempts_are_ignored()
    {
        var state = Defined()
            .Apply(new TrialProposed(1, Config(1), 1))
            .Apply(new TrialStarted(1, 1, "a", 0, At))
            .Apply(new EpochReported(1, 1, 1, Accuracy(0.5), 1))
            .Apply(new EpochReported(1, 1, 2, Accuracy(0.6), 1))
            .Apply(new EpochReported(1, 1, 3, Accuracy(0.7), 1))
            .Apply(new TrialStarted(1, 2, "b", 1, At))
            .Apply(new EpochReported(1, 1, 4, Accuracy(0.9), 1))   // the old attempt, still talking: ignored
            .Apply(new EpochReported(1, 2, 3, Accuracy(0.65), 1))  // not the next epoch of attempt 2: ignored
            .Apply(new EpochReported(1, 2, 2, Accuracy(0.6), 1));
        var trial = state.Trial(1);
        Assert.Equal([1, 2], trial.Epochs.Select(e => e.Epoch));
        Assert.Equal(2, trial.Attempt);
        Assert.Equal(1, trial.ResumedFrom);
        Assert.Equal("b", trial.Node);
        Assert.Equal(0.6, trial.BestValue);
        state = state.Apply(new EpochReported(1, 2, 2, Accuracy(0.6), 1)); // a duplicate delivery: ignored
        Assert.Equal(2, state.Trial(1).Epochs.Count);
        state = state.Apply(new TrialEnded(1, 1, TrialStatus.Failed, "stale", At)); // an old attempt cannot end the trial
        Assert.Equal(TrialStatus.Running, state.Trial(1).Status);
    }

    [Fact]
    public void Trials_must_be_proposed_in_order()
    {
        Assert.Throws<InvalidOperationException>(() => Defined().Apply(new TrialProposed(2, Config(2), 1)));
    }

    /// <summary>The counters and the best trial kept by Apply equal a full scan, whatever the events.</summary>
    [Theory]
    [InlineData(1, Goal.Max)]
    [InlineData(2, Goal.Min)]
    [InlineData(3, Goal.Max)]
    public void Kept_counters_and_best_trial_match_a_full_scan(int seed, Goal goal)
    {
        var random = new Random(seed);
        var state = Defined(goal);
        for (var step = 0; step < 3000; step++)
        {
            var roll = random.Next(100);
            SweepEvent? next = null;
            if (roll < 8 && state.Trials.Count < 50)
            {
                next = new TrialProposed(state.NextTrialId, Config(state.NextTrialId), 1);
            }
            else if (state.Trials.Count > 0)
            {
                var trial = state.Trials[random.Next(state.Trials.Count)];
                next = roll switch
                {
                    < 20 when !trial.Status.IsFinished() => new TrialStarted(trial.Id, trial.Attempt + 1, "n", random.Next(trial.LastEpoch + 1), At),
                    < 85 => new EpochReported(trial.Id, trial.Attempt, trial.LastEpoch + 1, Accuracy(random.NextDouble()), 1),
                    < 95 => new TrialEnded(trial.Id, trial.Attempt, (TrialStatus)random.Next(2, 6), null, At),
                    _ => null,
                };
            }
            if (next is not null)
            {
                state = state.Apply(next);
            }
            Assert.Equal(state.Trials.Count(t => t.Status == TrialStatus.Running), state.Running);
            Assert.Equal(state.Trials.Count(t => t.Status.IsFinished()), state.Finished);
            var scanned = state.Trials.Where(t => t.Value("val_accuracy", goal) is not null)
                .OrderByDescending(t => goal.Score(t.Value("val_accuracy", goal)!.Value)).FirstOrDefault();
            Assert.Equal(scanned?.Value("val_accuracy", goal), state.Best()?.BestValue);
            Assert.All(state.Trials, t => Assert.Equal(t.Value("val_accuracy", goal), t.BestValue));
        }
    }

    /// <summary>
    /// A PBT exploit after epoch 2 and a babysitter's set after epoch 4: each epoch is reported with the configuration
    /// it trained with, and the trial's best epoch (5) with the newest one, not the proposal.
    /// </summary>
    [Fact]
    public void The_config_at_an_epoch_follows_the_trials_schedule()
    {
        var (proposal, exploited, set) = (Config(1), Config(7), Config(9));
        var state = Defined()
            .Apply(new TrialProposed(1, proposal, 1))
            .Apply(new TrialStarted(1, 1, "a", 0, At))
            .Apply(new EpochReported(1, 1, 1, Accuracy(0.5), 1))
            .Apply(new EpochReported(1, 1, 2, Accuracy(0.55), 1))
            .Apply(new TrialConfigChanged(1, 2, 2, 2, exploited, "pbt"))
            .Apply(new TrialStarted(1, 2, "a", 2, At))
            .Apply(new EpochReported(1, 2, 3, Accuracy(0.6), 1))
            .Apply(new EpochReported(1, 2, 4, Accuracy(0.62), 1))
            .Apply(new TrialConfigChanged(1, 4, 1, 4, set, "set"))
            .Apply(new TrialStarted(1, 3, "a", 4, At))
            .Apply(new EpochReported(1, 3, 5, Accuracy(0.7), 1))
            .Apply(new EpochReported(1, 3, 6, Accuracy(0.65), 1));
        var trial = state.Trial(1);
        Assert.Equal([proposal, proposal, proposal, exploited, exploited, set, set], Enumerable.Range(0, 7).Select(trial.ConfigAt));
        Assert.Equal(5, trial.BestEpoch("val_accuracy", Goal.Max));
        Assert.Equal(set, trial.ConfigAtBest("val_accuracy", Goal.Max));
        Assert.Equal(proposal, trial.Config); // the proposal stays what it was

        // A rollback to epoch 3 (with the set value kept) drops the change after epoch 4 and the epochs after 3.
        state = state.Apply(new TrialConfigChanged(1, 3, 1, 3, set, "rollback")).Apply(new TrialStarted(1, 4, "a", 3, At));
        trial = state.Trial(1);
        Assert.Equal([proposal, proposal, proposal, exploited, set, set], Enumerable.Range(0, 6).Select(trial.ConfigAt));
        Assert.Equal(exploited, trial.ConfigAtBest("val_accuracy", Goal.Max)); // the best is now epoch 3
    }

    [Fact]
    public void A_sweep_whose_every_trial_failed_ends_failed_with_the_first_reason()
    {
        var state = Defined()
            .Apply(new TrialProposed(1, Config(1), 1))
            .Apply(new TrialProposed(2, Config(2), 1))
            .Apply(new TrialStarted(1, 1, "a", 0, At))
            .Apply(new TrialStarted(2, 1, "a", 0, At))
            .Apply(new TrialEnded(2, 1, TrialStatus.Failed, "epoch 1: boom", At.AddSeconds(1)))
            .Apply(new TrialEnded(1, 1, TrialStatus.Failed, "epoch 1: bang", At.AddSeconds(2)));
        var failed = state.Apply(new SweepCompleted(At));
        Assert.Equal(SweepStatus.Failed, failed.Status);
        Assert.Equal("failed", failed.Status.ToName());
        Assert.True(failed.Status.IsFinal());
        Assert.Equal(2, failed.FirstFailure()!.Id);
        Assert.Null(failed.Best());
        // A snapshot written before "failed" existed said completed; reading it says failed.
        Assert.Equal(SweepStatus.Failed, (failed with { Status = SweepStatus.Completed }).Reindexed().Status);

        // One trial with a result is a completed sweep, however many others failed.
        var mixed = Defined()
            .Apply(new TrialProposed(1, Config(1), 1))
            .Apply(new TrialProposed(2, Config(2), 1))
            .Apply(new TrialStarted(1, 1, "a", 0, At))
            .Apply(new EpochReported(1, 1, 1, Accuracy(0.5), 1))
            .Apply(new TrialEnded(1, 1, TrialStatus.Completed, null, At))
            .Apply(new TrialStarted(2, 1, "a", 0, At))
            .Apply(new TrialEnded(2, 1, TrialStatus.Failed, "boom", At))
            .Apply(new SweepCompleted(At));
        Assert.Equal(SweepStatus.Completed, mixed.Status);
        Assert.Equal(SweepStatus.Completed, mixed.Reindexed().Status);
    }

    // The running supervisor's lean state: an ended trial keeps its best and last epochs (and a scheduler's metric
    // trail), and everything the sweep decides from reads the same as in the full state.

    /// <summary>Trial 1 ends after five epochs (best at epoch 2), trial 2 is pruned after two, trial 3 still runs.</summary>
    private static SweepState FoldThreeTrials(SweepState start, string scheduler)
    {
        var spec = TestSpecs.Synthetic(10, TestSpecs.TwoParameterSpace(), epochs: 5) with { Scheduler = ComponentSpec.Named(scheduler) };
        var state = start.Apply(new SweepDefined(spec, "", At));
        var curves = new[] { new[] { 0.5, 0.9, 0.7, 0.6, 0.8 }, [0.2, 0.1], [0.3, 0.4, 0.95] };
        for (var trial = 1; trial <= curves.Length; trial++)
        {
            state = state.Apply(new TrialProposed(trial, Config(trial), 1)).Apply(new TrialStarted(trial, 1, "n", 0, At));
            for (var epoch = 1; epoch <= curves[trial - 1].Length; epoch++)
            {
                state = state.Apply(new EpochReported(trial, 1, epoch, Accuracy(curves[trial - 1][epoch - 1]), epoch / 10.0));
            }
        }
        return state.Apply(new TrialEnded(1, 1, TrialStatus.Completed, null, At)).Apply(new TrialEnded(2, 1, TrialStatus.Pruned, "median", At));
    }

    [Fact]
    public void An_ended_trial_keeps_its_best_and_last_epoch_and_reads_as_in_the_full_state()
    {
        var full = FoldThreeTrials(SweepState.Empty, "none");
        var lean = FoldThreeTrials(SweepState.Empty.AsLean(), "none");
        Assert.True(lean.Lean);
        Assert.False(full.Lean);
        Assert.Equal([2, 5], lean.Trial(1).Epochs.Select(e => e.Epoch));
        Assert.Equal([1, 2], lean.Trial(2).Epochs.Select(e => e.Epoch)); // two epochs: nothing to drop
        Assert.Equal([1, 2, 3], lean.Trial(3).Epochs.Select(e => e.Epoch)); // running: every epoch
        foreach (var id in new[] { 1, 2, 3 })
        {
            var (a, b) = (full.Trial(id), lean.Trial(id));
            Assert.Equal(a.Value("val_accuracy", Goal.Max), b.Value("val_accuracy", Goal.Max));
            Assert.Equal(a.Value("val_loss", Goal.Min), b.Value("val_loss", Goal.Min)); // another metric: the kept epochs hold it
            Assert.Equal(a.BestEpoch("val_accuracy", Goal.Max), b.BestEpoch("val_accuracy", Goal.Max));
            Assert.Equal(a.LastEpoch, b.LastEpoch);
            Assert.Equal(a.Seconds, b.Seconds, 12);
            Assert.Equal(a.BestValue, b.BestValue);
        }
        Assert.Equal(full.BestTrialId, lean.BestTrialId);
        Assert.Equal(full.Ranked().Select(t => t.Id), lean.Ranked().Select(t => t.Id));
        Assert.Equal((full.Finished, full.Running, full.EventCount), (lean.Finished, lean.Running, lean.EventCount));
        Assert.True(lean.Trial(1).Dropped!.Trail.IsEmpty); // no scheduler: no trail either
        // Made lean after the fact, the full state drops the same epochs.
        Assert.Equal(lean.Trials.Select(t => t.Epochs.Select(e => e.Epoch).ToList()), full.AsLean().Trials.Select(t => t.Epochs.Select(e => e.Epoch).ToList()));
        Assert.Equal(lean.Trial(1).Seconds, full.AsLean().Trial(1).Seconds, 12);
    }

    [Fact]
    public void With_a_scheduler_an_ended_trial_keeps_its_metric_at_every_epoch()
    {
        var lean = FoldThreeTrials(SweepState.Empty.AsLean(), "median");
        Assert.Equal([0.5, 0.9, 0.7, 0.6, 0.8], lean.Trial(1).Dropped!.Trail.ToArray());
        Assert.Equal([0.2, 0.1], lean.Trial(2).Dropped!.Trail.ToArray());
        Assert.Null(lean.Trial(3).Dropped);
    }
}
