using ActorTune.Model.Schedulers;
using ActorTune.Model.Sweep;

namespace ActorTune.Model.Tests;

/// <summary>Every rule on scripted epoch streams: which trials stop, at which epoch.</summary>
public class SchedulerTests
{
    /// <summary>Feeds (trial, score) reports epoch by epoch in the order given; returns the epoch each trial stopped at.</summary>
    private static Dictionary<int, int> Run(ITrialScheduler scheduler, IEnumerable<(int Trial, int Epoch, double Score)> reports)
    {
        var history = new SchedulerHistory();
        var stopped = new Dictionary<int, int>();
        foreach (var (trial, epoch, score) in reports)
        {
            if (stopped.ContainsKey(trial))
            {
                continue;
            }
            history.Record(trial, epoch, score);
            if (scheduler.Decide(history, trial, epoch).Stop)
            {
                stopped[trial] = epoch;
            }
        }
        return stopped;
    }

    /// <summary>Trial t's score at epoch e is quality[t] · e / epochs: better trials are better at every epoch.</summary>
    private static IEnumerable<(int, int, double)> Curves(double[] quality, int epochs, int[]? order = null)
    {
        for (var e = 1; e <= epochs; e++)
        {
            foreach (var t in order ?? Enumerable.Range(1, quality.Length).ToArray())
            {
                yield return (t, e, quality[t - 1] * e / epochs);
            }
        }
    }

    [Fact]
    public void Median_stops_trials_below_the_median_after_the_grace_period_only()
    {
        var stopped = Run(new MedianScheduler(grace: 2, minTrials: 3), Curves([0.9, 0.8, 0.7, 0.2, 0.1], 6));
        Assert.Equal(new Dictionary<int, int> { [4] = 3, [5] = 3 }, stopped);
    }

    [Fact]
    public void Median_waits_for_enough_other_trials()
    {
        var stopped = Run(new MedianScheduler(grace: 1, minTrials: 3), Curves([0.9, 0.1, 0.5], 5));
        Assert.Empty(stopped); // each trial has only two others to compare with
    }

    [Fact]
    public void Asha_rungs_grow_by_eta_below_the_epoch_budget()
    {
        Assert.Equal([1, 3, 9], new AshaScheduler(1, 3, 20).Rungs);
        Assert.Equal([2, 4, 8, 16], new AshaScheduler(2, 2, 20).Rungs);
        Assert.Equal([1, 3, 9, 27], new AshaScheduler(1, 3, 28).Rungs);
    }

    [Fact]
    public void Asha_promotes_the_top_third_at_each_rung_in_arrival_order()
    {
        // Arrival order at rung 1: 0.9 (alone: promoted), 0.1 (below the top third of {0.9, 0.1}: stops),
        // 0.5 (below the top third of {0.9, 0.1, 0.5}: stops), 0.95 (the best so far: promoted).
        var stopped = Run(new AshaScheduler(1, 3, 20), [(1, 1, 0.9), (2, 1, 0.1), (3, 1, 0.5), (4, 1, 0.95)]);
        Assert.Equal(new Dictionary<int, int> { [2] = 1, [3] = 1 }, stopped);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Asha_under_any_arrival_order_never_stops_the_leader_and_keeps_about_a_third_at_each_rung(int seed)
    {
        var random = new Random(seed);
        var quality = Enumerable.Range(0, 27).Select(_ => random.NextDouble()).ToArray();
        var order = Enumerable.Range(1, 27).OrderBy(_ => random.Next()).ToArray();
        var stopped = Run(new AshaScheduler(1, 3, 20), Curves(quality, 20, order));
        var leader = Array.IndexOf(quality, quality.Max()) + 1;
        Assert.DoesNotContain(leader, stopped.Keys);
        foreach (var rung in new[] { 1, 3, 9 })
        {
            var reached = 27 - stopped.Count(s => s.Value < rung);
            var passed = 27 - stopped.Count(s => s.Value <= rung);
            // Promotion is decided on arrival (a trial that is the best so far always passes), so a rung may pass
            // more than a third; never fewer than the top third of those that reached it.
            Assert.True(passed >= Math.Ceiling(reached / 3.0) - 1, $"rung {rung}: {passed} of {reached} passed");
        }
        Assert.True(stopped.Count >= 27 - 9, $"only {stopped.Count} of 27 stopped: ASHA pruned too little");
    }

    [Fact]
    public void Hyperband_spreads_trials_over_brackets_with_later_first_rungs()
    {
        Assert.Equal(3, HyperbandScheduler.DefaultBrackets(1, 3, 20));
        Assert.Equal([0, 1, 2, 0], new[] { 1, 2, 3, 4 }.Select(t => HyperbandScheduler.BracketOf(t, 3)));
        // Bracket 3 (trials 3, 6, …) first compares at epoch 9; bracket 1 at epoch 1.
        var quality = new[] { 0.9, 0.9, 0.9, 0.1, 0.1, 0.1, 0.5, 0.5, 0.5 };
        var stopped = Run(new HyperbandScheduler(1, 3, 20, brackets: 3), Curves(quality, 20));
        Assert.Equal(1, stopped[4]);
        Assert.Equal(3, stopped[5]);
        Assert.Equal(9, stopped[6]);
    }

    [Fact]
    public void Restarts_drop_the_scores_that_will_be_reported_again()
    {
        var history = new SchedulerHistory();
        history.Record(1, 1, 0.1);
        history.Record(1, 2, 0.2);
        history.Record(1, 3, 0.3);
        history.Restart(1, 1);
        Assert.Equal(1, history.Epochs(1));
        history.Record(1, 3, 0.9); // not the next epoch: ignored
        history.Record(1, 2, 0.25);
        Assert.Equal(0.25, history.BestUpTo(1, 2));
    }

    [Theory]
    [InlineData("asha", "eta", "1", "sweep.scheduler.eta")]
    [InlineData("asha", "grace", "0", "sweep.scheduler.grace")]
    [InlineData("median", "eta", "3", "sweep.scheduler.eta: unknown option for the median scheduler")]
    [InlineData("hyperband", "brackets", "x", "sweep.scheduler.brackets")]
    public void Bad_options_are_refused_with_their_key(string type, string key, string value, string expected)
    {
        var spec = TestSpecs.Synthetic(10, TestSpecs.TwoParameterSpace()) with { Scheduler = ComponentSpec.Named(type).With(key, value) };
        Assert.Contains(SchedulerCatalog.Validate(spec), e => e.ToString().StartsWith(expected, StringComparison.Ordinal));
    }
}
