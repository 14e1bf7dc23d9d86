using ActorTune.Model.Schedulers;
using ActorTune.Model.Space;

namespace ActorTune.Model.Tests;

public class PbtSchedulerTests
{
    private static readonly SearchSpace Space = new([
        new RangeParameter("learning-rate", Scale.Log, 1e-4, 1e-1),
        new RangeParameter("beta1", Scale.OneMinusLog, 0.9, 0.999),
        new RangeParameter("hidden-units", Scale.Int, 16, 256),
        new ChoiceParameter("optimizer", [ParamValue.Of("adam"), ParamValue.Of("sgd")]),
    ]);

    private static TrialConfig Config(double lr) => new([
        new("learning-rate", ParamValue.Of(lr)), new("beta1", ParamValue.Of(0.99)),
        new("hidden-units", ParamValue.Of(64)), new("optimizer", ParamValue.Of("sgd")),
    ]);

    /// <summary>Eight members at epoch 4 with scores 0.1 … 0.8 (member k scores k/10).</summary>
    private static SchedulerHistory Population()
    {
        var history = new SchedulerHistory();
        for (var t = 1; t <= 8; t++)
        {
            history.SetConfig(t, Config(t / 1000.0));
            for (var e = 1; e <= 4; e++)
            {
                history.Record(t, e, t / 10.0);
            }
        }
        return history;
    }

    [Fact]
    public void The_bottom_quantile_exploits_a_top_quantile_member_at_each_interval_only()
    {
        var pbt = new PbtScheduler(Space, seed: 1, interval: 4, quantile: 0.25, resample: 0.25);
        var history = Population();
        foreach (var bottom in new[] { 1, 2 })
        {
            var decision = pbt.Decide(history, bottom, 4);
            Assert.True(decision.IsExploit);
            Assert.Contains(decision.Donor!.Value, new[] { 7, 8 });
            Assert.False(decision.Stop);
        }
        foreach (var other in new[] { 3, 5, 8 })
        {
            Assert.False(pbt.Decide(history, other, 4).IsExploit);
        }
        history.Record(1, 5, 0.1);
        Assert.False(pbt.Decide(history, 1, 5).IsExploit); // not an interval epoch
        Assert.Equal(pbt.Decide(history, 2, 4), pbt.Decide(history, 2, 4)); // same history, same decision
    }

    [Fact]
    public void Explore_perturbs_continuous_parameters_on_their_own_scale_within_bounds_and_keeps_the_rest()
    {
        var pbt = new PbtScheduler(Space, seed: 1, interval: 4, quantile: 0.25, resample: 0);
        var donor = Config(0.01);
        var random = new Random(5);
        for (var i = 0; i < 200; i++)
        {
            var explored = pbt.Explore(donor, random);
            Assert.Contains(Math.Round(explored["learning-rate"].Number, 12), new[] { 0.008, 0.012 });
            var oneMinusBeta = Math.Round(1 - explored["beta1"].Number, 12);
            Assert.Contains(oneMinusBeta, new[] { 0.008, 0.012 });
            Assert.Equal(64, explored["hidden-units"].Number);
            Assert.Equal("sgd", explored["optimizer"].Text);
        }
        var atTheEdge = new PbtScheduler(Space, 1, 4, 0.25, resample: 0).Explore(Config(0.1), new Random(1));
        Assert.InRange(atTheEdge["learning-rate"].Number, 1e-4, 0.1);
        var resampled = new PbtScheduler(Space, 1, 4, 0.25, resample: 1).Explore(donor, new Random(2));
        Assert.NotEqual(0.008, resampled["learning-rate"].Number);
        Assert.NotEqual(0.012, resampled["learning-rate"].Number);
        Assert.InRange(resampled["learning-rate"].Number, 1e-4, 0.1);
    }

    [Fact]
    public void Perturbing_one_minus_log_moves_one_minus_beta()
    {
        var beta = new RangeParameter("beta1", Scale.OneMinusLog, 0.9, 0.999);
        Assert.Equal(0.992, PbtScheduler.Perturb(beta, 0.99, 0.8), 12);
        Assert.Equal(0.988, PbtScheduler.Perturb(beta, 0.99, 1.2), 12);
    }
}
