using System.Collections.Immutable;
using ActorTune.Model.Space;
using ActorTune.Model.State;
using ActorTune.Model.Strategies;
using ActorTune.Model.Sweep;
using ActorTune.Model.Training.Synthetic;

namespace ActorTune.Model.Tests;

public class CoarseToFineTests
{
    private static readonly SearchSpace Space = TestSpecs.WideSpace();

    /// <summary>A known optimum: learning rate 1e-4 and beta 0.999 matter, the rest a little.</summary>
    private static readonly SyntheticProblem Problem = SyntheticProblem.From(
        ComponentSpec.Named("synthetic").With("optimum.learning-rate", "1e-4").With("optimum.beta", "0.999")
            .With("weights.hidden-units", "0.1").With("weights.layers", "0.1").With("weights.dropout", "0.1").With("weights.batch-size", "0.1")
            .With("weights.learning-rate-decay", "0.1"),
        Space);

    private static SweepSpec Spec(int trials = 30, long seed = 5, ComponentSpec? strategy = null) =>
        TestSpecs.Synthetic(trials, Space, seed) with { Strategy = strategy ?? ComponentSpec.Named("coarse-to-fine") };

    private static CoarseToFineStrategy Strategy(SweepSpec spec) => new(CoarseToFineStrategy.Settings.From(spec));

    private static double? Quality(Observation trial) => Problem.Quality(trial.Config);

    [Fact]
    public void Round_one_samples_the_whole_space_and_announces_it_with_its_first_trial()
    {
        var spec = Spec();
        var history = SearchRuns.Sequential(Strategy(spec), spec, Quality);
        Assert.Equal(RegionNarrowing.Whole(Space), history.Regions[0]);
        Assert.Equal([1, 2, 3], history.Regions.Select(r => r.Round));
        Assert.Equal(Enumerable.Repeat(1, 10).Concat(Enumerable.Repeat(2, 10)).Concat(Enumerable.Repeat(3, 10)), history.Trials.Select(t => t.Round));
        Assert.All(history.Trials, t => Assert.Equal("adam", t.Config["optimizer"].Text));
    }

    [Fact]
    public void The_next_round_waits_until_every_trial_of_the_round_has_ended()
    {
        var spec = Spec();
        var strategy = Strategy(spec);
        var history = SearchHistory.Start(spec);
        for (var id = 1; id <= 10; id++)
        {
            var proposal = Assert.IsType<ProposeTrial>(strategy.Next(history));
            Assert.Equal(id == 1, proposal.NewRegion is not null);
            history = (proposal.NewRegion is { } region ? history.WithRegion(region) : history).WithProposal(id, proposal.Config, proposal.Round);
        }
        for (var id = 1; id <= 9; id++)
        {
            history = history.WithResult(id, TrialStatus.Completed, Problem.Quality(history.Trials[id - 1].Config));
        }
        Assert.IsType<WaitForResults>(strategy.Next(history));
        history = history.WithResult(10, TrialStatus.Failed, null);
        var next = Assert.IsType<ProposeTrial>(strategy.Next(history));
        Assert.Equal(2, next.Round);
        Assert.Equal(2, next.NewRegion?.Round);
    }

    [Fact]
    public void Every_proposal_lies_in_its_rounds_region_and_the_region_closes_in_on_the_optimum()
    {
        var spec = Spec();
        var history = SearchRuns.Sequential(Strategy(spec), spec, Quality);
        foreach (var trial in history.Trials)
        {
            var region = history.Regions.Single(r => r.Round == trial.Round);
            foreach (var parameter in region.Parameters)
            {
                var value = trial.Config[parameter.Name];
                if (parameter.Values is { } values)
                {
                    Assert.Contains(value, values);
                }
                else
                {
                    Assert.InRange(value.Number, parameter.Low!.Value, parameter.High!.Value);
                }
            }
        }
        var lr = (RangeParameter)Space.Find("learning-rate")!;
        var last = history.Regions[^1].Find("learning-rate")!;
        Assert.InRange(1e-4, last.Low!.Value, last.High!.Value);
        Assert.True(RegionAxis.Width(lr, last.Low.Value, last.High.Value) <= 0.5 * RegionAxis.Width(lr, lr.Min, lr.Max));
        var bestPerRound = history.Trials.GroupBy(t => t.Round).Select(g => g.Max(t => t.Value!.Value)).ToList();
        Assert.True(bestPerRound[^1] > bestPerRound[0], $"round 3's best {bestPerRound[^1]} should beat round 1's {bestPerRound[0]}");
    }

    [Fact]
    public void Proposals_do_not_depend_on_the_order_trials_finish_in()
    {
        var spec = Spec(trials: 24) with { Strategy = ComponentSpec.Named("coarse-to-fine").With("rounds", "4") };
        var sequential = SearchRuns.Sequential(Strategy(spec), spec, Quality);
        for (var order = 1; order <= 6; order++)
        {
            var concurrent = SearchRuns.Concurrent(Strategy(spec), spec, concurrency: 1 + order % 4, new Random(order), Quality);
            Assert.Equal(sequential.Trials.Select(t => t.Config), concurrent.Trials.Select(t => t.Config));
            Assert.Equal(sequential.Regions, concurrent.Regions);
        }
    }

    [Fact]
    public void A_resumed_sweep_keeps_searching_the_region_its_log_recorded()
    {
        var spec = Spec();
        var strategy = Strategy(spec);
        var full = SearchRuns.Sequential(strategy, spec, Quality);
        // The log of a sweep stopped after round 1, whose round 2 region (recorded) is not what narrowing gives now.
        var recorded = new SearchRegion(2, [.. RegionNarrowing.Whole(Space).Parameters.Select(p => p.Name == "learning-rate"
            ? p with { Low = 1e-2, High = 2e-2 }
            : p)]);
        Assert.NotEqual(recorded, full.Regions[1]);
        var resumed = full with { Trials = full.Trials.Take(12).ToImmutableList(), Regions = [full.Regions[0], recorded] };
        var proposal = Assert.IsType<ProposeTrial>(Strategy(spec).Next(resumed));
        Assert.Null(proposal.NewRegion);
        Assert.InRange(proposal.Config["learning-rate"].Number, 1e-2, 2e-2);
        Assert.Equal(recorded, Strategy(spec).Region(resumed, 2));
    }

    [Fact]
    public void Narrowed_regions_stay_in_bounds_hold_the_best_keep_a_minimum_width_and_respect_integers_and_choices()
    {
        var random = new Random(42);
        for (var test = 0; test < 300; test++)
        {
            var narrowing = new RegionNarrowing(Zoom: 0.1 + 0.9 * random.NextDouble(), MinWidth: 0.01 + 0.3 * random.NextDouble());
            var previous = test % 3 == 0 ? RegionNarrowing.Whole(Space) : RandomRegion(random);
            var ranked = Enumerable.Range(0, 10).Select(_ => CoarseToFineStrategy.Sample(Space, previous, RandomStrategy.UnitPoint(test, random.Next(), Space.Searched.Count))).ToList();
            var kept = 1 + random.Next(4);
            var next = narrowing.Next(Space, previous, ranked, kept, 2);
            var best = ranked.Take(kept).ToList();
            foreach (var parameter in Space.Searched)
            {
                var region = next.Find(parameter.Name)!;
                var before = previous.Find(parameter.Name)!;
                if (parameter is ChoiceParameter)
                {
                    Assert.All(region.Values!, v => Assert.Contains(v, before.Values!));
                    Assert.All(best, c => Assert.Contains(c[parameter.Name], region.Values!));
                    Assert.True(region.Values!.Count >= Math.Min(before.Values!.Count, Math.Ceiling(narrowing.Zoom * before.Values.Count - 1e-9)));
                    continue;
                }
                var range = (RangeParameter)parameter;
                var (low, high) = (region.Low!.Value, region.High!.Value);
                Assert.True(range.Min <= low && low <= high && high <= range.Max, $"{parameter.Name} [{low}, {high}] leaves [{range.Min}, {range.Max}]");
                Assert.All(best, c => Assert.InRange(c[parameter.Name].Number, low, high));
                var whole = RegionAxis.Width(range, range.Min, range.Max);
                Assert.True(RegionAxis.Width(range, low, high) >= narrowing.MinWidth * whole - 1e-9, $"{parameter.Name} [{low}, {high}] is narrower than the minimum");
                if (range.Scale.IsInteger())
                {
                    Assert.Equal(Math.Floor(low), low);
                    Assert.Equal(Math.Floor(high), high);
                }
                else
                {
                    // It does narrow: no wider than zoom × before, the best trials' span, or the minimum, whichever is widest.
                    var bestValues = best.Select(c => c[parameter.Name].Number).ToList();
                    var allowed = Math.Max(Math.Max(narrowing.Zoom * RegionAxis.Width(range, before.Low!.Value, before.High!.Value),
                        RegionAxis.Width(range, bestValues.Min(), bestValues.Max())), narrowing.MinWidth * whole);
                    Assert.True(RegionAxis.Width(range, low, high) <= allowed + 1e-6, $"{parameter.Name} did not narrow");
                }
            }
        }
    }

    private static SearchRegion RandomRegion(Random random) =>
        new(1, Space.Searched.Select(p =>
        {
            if (p is ChoiceParameter choice)
            {
                var values = choice.Values.Where(_ => random.NextDouble() < 0.6).ToList();
                return new ParameterRegion(p.Name, null, null, values.Count > 0 ? values : [choice.Values[0]]);
            }
            var range = (RangeParameter)p;
            var (a, b) = (range.FromUnit(random.NextDouble()).Number, range.FromUnit(random.NextDouble()).Number);
            return new ParameterRegion(p.Name, Math.Min(a, b), Math.Max(a, b), null);
        }).ToList());

    [Theory]
    [InlineData("", 30, 3, 10)]
    [InlineData("rounds=5", 30, 5, 6)]
    [InlineData("per-round=7", 30, 4, 7)]
    [InlineData("", 2, 2, 1)]
    public void Rounds_and_per_round_follow_the_budget_when_not_given(string options, int trials, int rounds, int perRound)
    {
        var settings = CoarseToFineStrategy.Settings.Read(TestSpecs.Strategy("coarse-to-fine", options), trials, out var errors);
        Assert.Empty(errors.Errors);
        Assert.Equal((rounds, perRound), (settings.Rounds, settings.PerRound));
        Assert.Equal(trials, settings.LastTrial(rounds));
    }

    [Theory]
    [InlineData("rounds=3,per-round=20", "sweep.strategy.per-round")]
    [InlineData("per-round=31", "sweep.strategy.per-round")]
    [InlineData("rounds=0", "sweep.strategy.rounds")]
    [InlineData("rounds=2.5", "sweep.strategy.rounds")]
    [InlineData("keep=0", "sweep.strategy.keep")]
    [InlineData("zoom=1.5", "sweep.strategy.zoom")]
    [InlineData("min-width=many", "sweep.strategy.min-width")]
    [InlineData("shrink=0.5", "sweep.strategy.shrink")]
    public void Bad_options_are_refused_with_their_key(string options, string where)
    {
        var error = Assert.Single(StrategyCatalog.Validate(Spec(strategy: TestSpecs.Strategy("coarse-to-fine", options))));
        Assert.Equal(where, error.Where);
    }
}
