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
}
