using ActorTune.Model.Space;
using ActorTune.Model.Strategies;
using ActorTune.Model.Sweep;

namespace ActorTune.Model.Tests;

public class TpeTests
{
    private static readonly SearchSpace OneD = new([new RangeParameter("x", Scale.Linear, 0, 1)]);

    private static SweepSpec Spec(SearchSpace space, int trials, long seed, ComponentSpec? strategy = null) =>
        TestSpecs.Synthetic(trials, space, seed) with { Strategy = strategy ?? ComponentSpec.Named("tpe") };

    private static TpeStrategy Tpe(SweepSpec spec) => new(TpeStrategy.Settings.From(spec));

    /// <summary>A 1-D loss with its minimum at 0.73 and a misleading shoulder at 0.2, to be minimised.</summary>
    private static double Loss(double x) => (x - 0.73) * (x - 0.73) - 0.02 * Math.Exp(-(x - 0.2) * (x - 0.2) / 0.002);

    private static double? Evaluate(Observation trial) => Loss(trial.Config["x"].Number);

    [Fact]
    public void Tpe_beats_random_search_on_a_one_dimensional_problem_over_many_seeds()
    {
        var tpeRegrets = new List<double>();
        var randomRegrets = new List<double>();
        for (var seed = 1; seed <= 40; seed++)
        {
            var spec = Spec(OneD, 30, seed) with { Goal = Goal.Min };
            tpeRegrets.Add(SequentialSearch.BestValue(SearchRuns.Sequential(Tpe(spec), spec, Evaluate))!.Value - Loss(0.73));
            randomRegrets.Add(SequentialSearch.BestValue(SearchRuns.Sequential(new RandomStrategy(), spec, Evaluate))!.Value - Loss(0.73));
        }
        Assert.True(tpeRegrets.Average() < 0.25 * randomRegrets.Average(), $"tpe {tpeRegrets.Average():E2} vs random {randomRegrets.Average():E2}");
        Assert.True(tpeRegrets.Zip(randomRegrets).Count(p => p.First < p.Second) >= 30, "TPE should win for most seeds");
    }

    [Fact]
    public void Start_up_trials_are_the_random_strategys_points_then_tpe_concentrates_near_the_best()
    {
        var spec = Spec(OneD, 40, 3) with { Goal = Goal.Min };
        var tpe = SearchRuns.Sequential(Tpe(spec), spec, Evaluate);
        var random = SearchRuns.Sequential(new RandomStrategy(), spec, Evaluate);
        Assert.Equal(random.Trials.Take(10).Select(t => t.Config), tpe.Trials.Take(10).Select(t => t.Config));
        var late = tpe.Trials.Skip(25).Select(t => t.Config["x"].Number).ToList();
        Assert.True(late.Count(x => Math.Abs(x - 0.73) < 0.15) >= late.Count * 0.6, string.Join(", ", late));
    }

    [Fact]
    public void Proposals_are_a_function_of_the_history_and_running_trials_push_the_next_one_away()
    {
        var spec = Spec(OneD, 30, 9) with { Goal = Goal.Min };
        var history = SearchRuns.Sequential(Tpe(spec), spec with { Trials = 15 }, Evaluate) with { Budget = 30 };
        var a = Assert.IsType<ProposeTrial>(Tpe(spec).Next(history)).Config;
        Assert.Equal(a, Assert.IsType<ProposeTrial>(Tpe(spec).Next(history)).Config);
        // Another trial, still running at the best point so far, counts as bad: the proposal moves.
        var best = history.RankedResults().First().Config;
        var withRunning = history.WithProposal(16, best, 1) with { Budget = 30 };
        var b = Assert.IsType<ProposeTrial>(Tpe(spec).Next(withRunning)).Config;
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Handles_integers_choices_and_failed_trials()
    {
        var space = new SearchSpace([
            new RangeParameter("layers", Scale.Int, 1, 4),
            new RangeParameter("hidden-units", Scale.IntLog, 8, 512),
            new ChoiceParameter("optimizer", [ParamValue.Of("sgd"), ParamValue.Of("adam"), ParamValue.Of("rmsprop")]),
        ]);
        foreach (var multivariate in new[] { "false", "true" })
        {
            var late = new List<Observation>();
            for (var seed = 1; seed <= 3; seed++)
            {
                var spec = Spec(space, 40, seed, ComponentSpec.Named("tpe").With("multivariate", multivariate));
                var history = SearchRuns.Sequential(Tpe(spec), spec, t => t.Config["optimizer"].Text == "sgd" ? null
                    : -Math.Abs(t.Config["layers"].Number - 3) - Math.Abs(Math.Log(t.Config["hidden-units"].Number / 100)));
                Assert.All(history.Trials, t => Assert.Equal(Math.Floor(t.Config["layers"].Number), t.Config["layers"].Number));
                late.AddRange(history.Trials.Skip(20));
            }
            // By chance a third of the trials would fail and a quarter have 3 layers.
            Assert.True(late.Count(t => t.Config["optimizer"].Text == "sgd") <= late.Count / 6, $"multivariate {multivariate}: failed trials should be avoided");
            Assert.True(late.Count(t => t.Config["layers"].Number == 3) >= late.Count * 0.4, $"multivariate {multivariate}: should settle on 3 layers");
        }
    }

    [Theory]
    [InlineData("gamma=1", "sweep.strategy.gamma")]
    [InlineData("gamma=0", "sweep.strategy.gamma")]
    [InlineData("startup=0", "sweep.strategy.startup")]
    [InlineData("candidates=2.5", "sweep.strategy.candidates")]
    [InlineData("multivariate=maybe", "sweep.strategy.multivariate")]
    [InlineData("sigma=1", "sweep.strategy.sigma")]
    public void Bad_options_are_refused_with_their_key(string options, string where)
    {
        var error = Assert.Single(StrategyCatalog.Validate(Spec(OneD, 30, 1, TestSpecs.Strategy("tpe", options))));
        Assert.Equal(where, error.Where);
    }

    [Fact]
    public void Start_up_defaults_to_a_third_of_the_budget_up_to_ten()
    {
        Assert.Equal(10, TpeStrategy.Settings.Read(ComponentSpec.Named("tpe"), 100, out _).Startup);
        Assert.Equal(4, TpeStrategy.Settings.Read(ComponentSpec.Named("tpe"), 12, out _).Startup);
        Assert.Equal(1, TpeStrategy.Settings.Read(ComponentSpec.Named("tpe"), 2, out _).Startup);
    }

    [Fact]
    public void Parzen_densities_integrate_to_one_on_every_kind_of_axis()
    {
        var random = new Random(5);
        var range = new RangeParameter("units", Scale.IntLog, 8, 1024);
        var choice = new ChoiceParameter("optimizer", [ParamValue.Of("a"), ParamValue.Of("b"), ParamValue.Of("c")]);
        var continuous = new ParzenEstimator([new ParzenEstimator.ContinuousAxis()], [.. Enumerable.Range(0, 6).Select(_ => new[] { random.NextDouble() })]);
        var integral = Enumerable.Range(0, 20_000).Sum(i => Math.Exp(continuous.LogDensity([(i + 0.5) / 20_000])) / 20_000);
        Assert.Equal(1.0, integral, 4);
        var integer = new ParzenEstimator([ParzenEstimator.Axis.Of(range)], [.. Enumerable.Range(0, 6).Select(_ => new[] { range.ToUnit(range.FromUnit(random.NextDouble())) })]);
        Assert.Equal(1.0, Enumerable.Range(8, 1017).Sum(k => Math.Exp(integer.LogDensity([range.ToUnit(ParamValue.Of(k))]))), 9);
        var choices = new ParzenEstimator([ParzenEstimator.Axis.Of(choice)], [[choice.ToUnit(ParamValue.Of("b"))], [choice.ToUnit(ParamValue.Of("b"))]]);
        var masses = choice.Values.Select(v => Math.Exp(choices.LogDensity([choice.ToUnit(v)]))).ToList();
        Assert.Equal(1.0, masses.Sum(), 9);
        Assert.True(masses[1] > masses[0] && masses[0] == masses[2]);
    }
}
