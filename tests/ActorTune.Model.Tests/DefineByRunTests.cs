using ActorTune.Model.Events;
using ActorTune.Model.Schedulers;
using ActorTune.Model.Space;
using ActorTune.Model.State;
using ActorTune.Model.Strategies;
using ActorTune.Model.Sweep;

namespace ActorTune.Model.Tests;

/// <summary>
/// Define-by-run: parameters declared while the sweep runs join its space through the log, and every strategy and
/// scheduler copes with a parameter only some trials have.
/// </summary>
public sealed class DefineByRunTests
{
    private static readonly RangeParameter X = new("x", Scale.Linear, 0, 1);
    private static readonly RangeParameter B = new("b", Scale.Linear, 0, 1);

    private static TrialConfig Config(params (string Name, double Value)[] values) =>
        new(values.Select(v => new KeyValuePair<string, ParamValue>(v.Name, ParamValue.Of(v.Value))));

    [Fact]
    public void A_declaration_adds_new_parameters_to_the_space_and_the_values_to_the_trial_and_keeps_known_ones()
    {
        var spec = TestSpecs.Synthetic(3, new SearchSpace([X]));
        var state = SweepState.Empty
            .Apply(new SweepDefined(spec, "", DateTimeOffset.UnixEpoch))
            .Apply(new TrialProposed(1, Config(("x", 0.5)), 1))
            .Apply(new ParametersDeclared(1, [B, X], Config(("b", 0.25))))
            .Apply(new ParametersDeclared(1, [B], Config(("b", 0.75))));

        Assert.Equal([X, B], state.RequireSpec().Space.Parameters);
        Assert.Equal(Config(("x", 0.5), ("b", 0.25)), state.Trial(1).Config); // a value once taken stays
        Assert.Equal(4, state.EventCount);
    }

    [Fact]
    public void A_conflicting_declaration_is_named_and_a_fixed_value_or_an_equal_one_is_not()
    {
        var space = new SearchSpace([X, new FixedParameter("optimizer", ParamValue.Of("adam"))]);
        Assert.Null(ParameterDeclarations.Conflict(space, X));
        Assert.Null(ParameterDeclarations.Conflict(space, new ChoiceParameter("optimizer", [ParamValue.Of("sgd")])));
        Assert.Equal("parameter 'x' is linear [0, 1] in this sweep; the objective asked for log [0.1, 1]",
            ParameterDeclarations.Conflict(space, new RangeParameter("x", Scale.Log, 0.1, 1)));
        Assert.Contains("min > max", ParameterDeclarations.Conflict(space, new RangeParameter("y", Scale.Linear, 2, 1)));
    }

    [Fact]
    public void A_sample_depends_only_on_the_trial_seed_and_the_parameter_name_and_stays_on_its_scale()
    {
        var units = new RangeParameter("units", Scale.IntLog, 8, 256);
        Assert.Equal(ParameterDeclarations.Sample(units, 5), ParameterDeclarations.Sample(units, 5));
        var samples = Enumerable.Range(0, 200).Select(seed => ParameterDeclarations.Sample(units, seed).Number).ToList();
        Assert.All(samples, v => Assert.True(v >= 8 && v <= 256 && v == Math.Floor(v)));
        Assert.True(samples.Count(v => v < 45) is > 60 and < 140, "int-log: about half the draws below the geometric middle");
        Assert.NotEqual(ParameterDeclarations.Sample(units with { Name = "other" }, 5), ParameterDeclarations.Sample(units, 5));
    }

    /// <summary>A history whose space grew by b after trials that never had it.</summary>
    private static SearchHistory Grown(string strategy, IEnumerable<(TrialConfig Config, double Value)> trials, string options = "")
    {
        var spec = TestSpecs.Synthetic(40, new SearchSpace([X])) with { Goal = Goal.Min, Strategy = TestSpecs.Strategy(strategy, options) };
        var history = SearchHistory.Start(spec);
        var id = 0;
        foreach (var (config, value) in trials)
        {
            history = history.WithProposal(++id, config, 1).WithResult(id, TrialStatus.Completed, value);
        }
        return history.WithDeclared(1, new SearchSpace([X, B]), TrialConfig.Empty);
    }

    [Theory]
    [InlineData("random")]
    [InlineData("sobol")]
    [InlineData("tpe")]
    [InlineData("coarse-to-fine")]
    public void After_the_space_grows_every_strategy_proposes_the_new_parameter_too(string strategy)
    {
        var trials = Enumerable.Range(1, 12).Select(i => (Config(("x", i / 13.0)), Math.Abs(i / 13.0 - 0.4)));
        var history = Grown(strategy, trials, strategy == "coarse-to-fine" ? "rounds=2" : "");
        var spec = TestSpecs.Synthetic(40, history.Space) with { Strategy = TestSpecs.Strategy(strategy, strategy == "coarse-to-fine" ? "rounds=2" : "") };
        var step = StrategyCatalog.Create(spec).Next(history);
        var proposal = Assert.IsType<ProposeTrial>(step);
        Assert.InRange(proposal.Config["b"].Number, 0, 1);
        Assert.InRange(proposal.Config["x"].Number, 0, 1);
    }

    [Fact]
    public void Tpe_fits_a_new_parameter_to_the_trials_that_have_it_not_to_a_middle_value_for_the_others()
    {
        // The three best trials never had b; the rest had it near 0.9. Read as 0.5, the good density for b would be a
        // spike at 0.5 and TPE would propose b near it; fitted to the trials that have it, b comes from the prior, away from the bad ones.
        var best = Enumerable.Range(1, 3).Select(i => (Config(("x", 0.4 + i * 0.01)), 0.01 * i));
        var rest = Enumerable.Range(1, 27).Select(i => (Config(("x", i / 28.0), ("b", 0.88 + i * 0.001)), 1.0 + i));
        var history = Grown("tpe", best.Concat(rest), "startup=1,gamma=0.1");
        var spec = TestSpecs.Synthetic(40, history.Space) with { Goal = Goal.Min, Strategy = TestSpecs.Strategy("tpe", "startup=1,gamma=0.1") };
        var b = Assert.IsType<ProposeTrial>(StrategyCatalog.Create(spec).Next(history)).Config["b"].Number;
        // Read as 0.5 the missing values pull b to the middle (0.43 with this seed); fitted right it is drawn away from 0.9 (0.03).
        Assert.True(b < 0.3, $"b = {b}");
    }

    [Fact]
    public void Coarse_to_fine_narrows_a_parameter_on_the_trials_that_have_it_and_keeps_the_whole_range_when_none_do()
    {
        var space = new SearchSpace([X, B]);
        var narrowing = new RegionNarrowing(0.5, 0.05);
        var ranked = new[] { Config(("x", 0.2)), Config(("x", 0.25), ("b", 0.8)), Config(("x", 0.3)) };
        var region = narrowing.Next(space, RegionNarrowing.Whole(new SearchSpace([X])), ranked, 3, 2);
        Assert.InRange(region.Find("b")!.Low!.Value, 0.5, 0.8);
        var none = narrowing.Next(space, RegionNarrowing.Whole(new SearchSpace([X])), [Config(("x", 0.2))], 1, 2);
        Assert.Equal((0.0, 1.0), (none.Find("b")!.Low!.Value, none.Find("b")!.High!.Value));
    }

    [Fact]
    public void Pbt_explores_only_the_parameters_the_donor_has()
    {
        var pbt = new PbtScheduler(new SearchSpace([X, B]), 3, 2, 0.25, 0.5);
        var explored = pbt.Explore(Config(("x", 0.5)), new Random(1));
        Assert.Equal(["x"], explored.Values.Keys);
    }

    [Fact]
    public void Asha_and_median_decide_on_scores_alone_whatever_parameters_trials_have()
    {
        var spec = TestSpecs.Synthetic(10, new SearchSpace([X])) with { Scheduler = ComponentSpec.Named("median") };
        var scheduler = SchedulerCatalog.Create(spec);
        var history = new SchedulerHistory();
        history.SetConfig(1, Config(("x", 0.1)));
        history.SetConfig(2, Config(("x", 0.1), ("b", 0.3)));
        Assert.False(scheduler.Decide(history, 2, 1).Stop);
    }
}
