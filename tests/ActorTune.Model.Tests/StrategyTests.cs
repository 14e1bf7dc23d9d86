using ActorTune.Model.Space;
using ActorTune.Model.State;
using ActorTune.Model.Strategies;
using ActorTune.Model.Sweep;

namespace ActorTune.Model.Tests;

public class StrategyTests
{
    private static SweepSpec Spec(string strategy, int trials, SearchSpace space, long seed = 7) =>
        TestSpecs.Synthetic(trials, space, seed) with { Strategy = ComponentSpec.Named(strategy).With("points", "5") };

    private static List<TrialConfig> ProposeAll(ISearchStrategy strategy, SweepSpec spec)
    {
        var history = SearchHistory.Start(spec);
        var configs = new List<TrialConfig>();
        while (history.NextTrialId <= spec.Trials && strategy.Next(history) is ProposeTrial proposal)
        {
            configs.Add(proposal.Config);
            history = history.WithProposal(history.NextTrialId, proposal.Config, proposal.Round);
        }
        return configs;
    }

    [Fact]
    public void Grid_places_points_on_each_parameters_own_scale()
    {
        var lr = new RangeParameter("learning-rate", Scale.Log, 1e-4, 1);
        Assert.Equal([1e-4, 1e-3, 1e-2, 1e-1, 1], lr.GridValues(5).Select(v => Math.Round(v.Number, 10)));
        var beta = new RangeParameter("beta", Scale.OneMinusLog, 0.9, 0.999);
        Assert.Equal([0.9, 0.99, 0.999], beta.GridValues(3).Select(v => Math.Round(v.Number, 10)));
        var layers = new RangeParameter("layers", Scale.Int, 1, 3);
        Assert.Equal([1.0, 2.0, 3.0], layers.GridValues(5).Select(v => v.Number));
    }

    [Fact]
    public void Grid_visits_every_combination_once_then_is_exhausted()
    {
        var space = new SearchSpace([
            new RangeParameter("learning-rate", Scale.Log, 1e-4, 1),
            new ChoiceParameter("optimizer", [ParamValue.Of("sgd"), ParamValue.Of("adam")]),
            new FixedParameter("layers", ParamValue.Of(2)),
        ]);
        var spec = Spec("grid", 100, space);
        var configs = ProposeAll(new GridStrategy(5), spec);
        Assert.Equal(10, configs.Count);
        Assert.Equal(10, configs.Distinct().Count());
        Assert.Equal(5, configs.Select(c => c["learning-rate"]).Distinct().Count());
        Assert.All(configs, c => Assert.Equal(2, c["layers"].Number));
        Assert.Equal(10, GridStrategy.Size(space, 5));
    }

    [Fact]
    public void Same_seed_gives_the_same_proposals_and_another_seed_does_not()
    {
        var space = TestSpecs.TwoParameterSpace();
        var a = ProposeAll(new RandomStrategy(), Spec("random", 30, space, seed: 1));
        var b = ProposeAll(new RandomStrategy(), Spec("random", 30, space, seed: 1));
        var c = ProposeAll(new RandomStrategy(), Spec("random", 30, space, seed: 2));
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal(30, a.Select(x => x["learning-rate"]).Distinct().Count());
    }

    [Fact]
    public void Random_proposals_do_not_depend_on_results_or_their_order()
    {
        var spec = Spec("random", 10, TestSpecs.TwoParameterSpace());
        var strategy = new RandomStrategy();
        var history = SearchHistory.Start(spec);
        var first = strategy.Next(history);
        var observed = history.WithProposal(1, ((ProposeTrial)first).Config, 1).WithResult(1, TrialStatus.Completed, 0.5);
        var plain = history.WithProposal(1, ((ProposeTrial)first).Config, 1);
        Assert.Equal(((ProposeTrial)strategy.Next(plain)).Config, ((ProposeTrial)strategy.Next(observed)).Config);
    }
}
