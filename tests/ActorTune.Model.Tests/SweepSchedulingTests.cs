using System.Collections.Immutable;
using ActorTune.Model.Events;
using ActorTune.Model.Schedulers;
using ActorTune.Model.Space;
using ActorTune.Model.State;
using ActorTune.Model.Sweep;

namespace ActorTune.Model.Tests;

/// <summary>The supervisor's inline scheduler: its history rebuilt from the log decides as the one kept live did.</summary>
public class SweepSchedulingTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.UnixEpoch;

    private static readonly SweepSpec Spec = TestSpecs.Synthetic(4, TestSpecs.TwoParameterSpace(), epochs: 3) with
    {
        Scheduler = new ComponentSpec("median", ImmutableSortedDictionary<string, string>.Empty.Add("grace", "1").Add("min-trials", "2")),
    };

    private static TrialConfig Config(int i) => new([new("learning-rate", ParamValue.Of(i / 100.0))]);

    private static EpochReported Epoch(int trial, int epoch, double accuracy) =>
        new(trial, 1, epoch, ImmutableSortedDictionary<string, double>.Empty.Add("val_accuracy", accuracy), 0.1);

    [Fact]
    public void A_sweep_without_a_scheduler_has_none()
    {
        Assert.Null(SweepScheduling.For(SweepState.Empty.Apply(new SweepDefined(Spec with { Scheduler = ComponentSpec.Named("none") }, "", At))));
    }

    [Fact]
    public void The_history_rebuilt_from_the_log_decides_like_the_live_one()
    {
        var state = SweepState.Empty.Apply(new SweepDefined(Spec, "", At));
        var live = SweepScheduling.For(state)!;
        var accuracies = new[] { 0.8, 0.9, 0.7 };
        for (var trial = 1; trial <= accuracies.Length; trial++)
        {
            state = state.Apply(new TrialProposed(trial, Config(trial), 1)).Apply(new TrialStarted(trial, 1, "n", 0, At));
            live.Launched(trial, 0, Config(trial));
            for (var epoch = 1; epoch <= 3; epoch++)
            {
                state = state.Apply(Epoch(trial, epoch, accuracies[trial - 1] * epoch / 3));
                live.Decide(trial, epoch, accuracies[trial - 1] * epoch / 3);
            }
            state = state.Apply(new TrialEnded(trial, 1, TrialStatus.Completed, null, At));
        }
        var rebuilt = SweepScheduling.For(state)!;
        // The supervisor's lean state (ended trials keep their best and last epochs, and their metric trail) rebuilds the same history.
        var fromLean = SweepScheduling.For(state.AsLean())!;
        Assert.All(state.AsLean().Trials, t => Assert.Equal([3], t.Epochs.Select(e => e.Epoch))); // best and last: the third
        // A fourth trial: good enough at epoch 2 against the rebuilt history, too poor at epoch 2 of another run.
        foreach (var scheduling in new[] { live, rebuilt, fromLean })
        {
            scheduling.Launched(4, 0, Config(4));
            Assert.False(scheduling.Decide(4, 1, 0.1).Stop); // within the grace epoch
            Assert.True(scheduling.Decide(4, 2, 0.1).Stop);  // below the median of 0.53, 0.6, 0.47
            scheduling.Launched(4, 1, Config(4));             // restarted after epoch 1: epoch 2 comes again
            Assert.False(scheduling.Decide(4, 2, 0.59).Stop); // above the median now
        }
    }

    [Fact]
    public void A_missing_or_non_finite_metric_scores_worst_and_min_goals_score_negated()
    {
        Assert.Equal(double.NegativeInfinity, SweepScheduling.Score(Spec, null));
        Assert.Equal(double.NegativeInfinity, SweepScheduling.Score(Spec, double.NaN));
        Assert.Equal(-0.25, SweepScheduling.Score(Spec with { Goal = Goal.Min }, 0.25));
    }
}
