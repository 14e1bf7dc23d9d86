using ActorTune.Model.Analysis;
using ActorTune.Model.Space;
using ActorTune.Model.Strategies;
using ActorTune.Model.Sweep;
using ActorTune.Model.Training.Synthetic;

namespace ActorTune.Model.Tests;

public class ImportanceTests
{
    private static readonly SearchSpace Space = TestSpecs.WideSpace();

    /// <summary>A sweep of <paramref name="trials"/> random trials on a synthetic problem where only the weighted parameters matter.</summary>
    private static SearchHistory Sweep(string strategy, int trials, long seed, params (string Name, string Optimum)[] matter)
    {
        var model = ComponentSpec.Named("synthetic");
        foreach (var parameter in Space.Parameters)
        {
            var optimum = matter.FirstOrDefault(m => m.Name == parameter.Name).Optimum;
            model = optimum is null ? model.With($"weights.{parameter.Name}", "0") : model.With($"optimum.{parameter.Name}", optimum);
        }
        var problem = SyntheticProblem.From(model, Space);
        var spec = TestSpecs.Synthetic(trials, Space, seed) with { Strategy = ComponentSpec.Named(strategy) };
        return SearchRuns.Sequential(StrategyCatalog.Create(spec), spec, t => problem.Quality(t.Config));
    }

    [Theory]
    [InlineData("learning-rate", "1e-4")]
    [InlineData("beta", "0.999")]
    [InlineData("batch-size", "32")]
    [InlineData("layers", "2")]
    public void The_one_parameter_that_matters_ranks_first(string name, string optimum)
    {
        foreach (var (strategy, seed) in new[] { ("random", 1L), ("random", 2L), ("sobol", 3L), ("coarse-to-fine", 4L), ("tpe", 5L) })
        {
            var importance = HyperparameterImportance.Of(Sweep(strategy, 40, seed, (name, optimum)))!;
            var first = importance.Parameters[0];
            Assert.True(first.Name == name, $"{strategy} seed {seed}: {string.Join(", ", importance.Parameters.Select(p => $"{p.Name} {p.Importance:0.00}"))}");
            Assert.True(first.Importance > 0.5, $"{strategy} seed {seed}: {name} has only {first.Importance:0.00}");
        }
    }

    [Fact]
    public void Importances_sum_to_one_are_ranked_and_carry_the_seed_tiers()
    {
        var importance = HyperparameterImportance.Of(Sweep("random", 60, 7, ("learning-rate", "1e-3"), ("hidden-units", "100")))!;
        Assert.Equal(1.0, importance.Parameters.Sum(p => p.Importance), 9);
        Assert.Equal(Enumerable.Range(1, 7), importance.Parameters.Select(p => p.Rank));
        Assert.Null(importance.Parameters.Single(p => p.Name == "dropout").SeedTier);
        Assert.Equal(importance.Parameters.Select(p => p.Importance).OrderDescending(), importance.Parameters.Select(p => p.Importance));
        Assert.Equal(["hidden-units", "learning-rate"], importance.Parameters.Take(2).Select(p => p.Name).Order());
        Assert.Equal(1, importance.Parameters.Single(p => p.Name == "learning-rate").SeedTier);
        Assert.Equal(3, importance.Parameters.Single(p => p.Name == "layers").SeedTier);
        Assert.Equal(60, importance.Trials);
        Assert.InRange(importance.SeedAgreement!.Value, 0.3, 1.0);
        Assert.Equal(importance, HyperparameterImportance.Of(Sweep("random", 60, 7, ("learning-rate", "1e-3"), ("hidden-units", "100")))!, new ImportanceComparer());
    }

    [Fact]
    public void Says_nothing_until_enough_trials_have_a_value()
    {
        Assert.Null(HyperparameterImportance.Of(Sweep("random", HyperparameterImportance.MinTrials - 1, 1, ("learning-rate", "1e-4"))));
        Assert.NotNull(HyperparameterImportance.Of(Sweep("random", HyperparameterImportance.MinTrials, 1, ("learning-rate", "1e-4"))));
    }

    [Fact]
    public void Seed_tiers_follow_the_notes()
    {
        Assert.Equal([1, 2, 2, 2, 3, 3, 4, 4, 4], new[] { "learning-rate", "beta", "hidden-units", "batch-size", "layers", "learning-rate-decay", "beta1", "beta2", "epsilon" }
            .Select(n => SeedTiers.Of(n)!.Value));
        Assert.Null(SeedTiers.Of("dropout"));
    }

    private sealed class ImportanceComparer : IEqualityComparer<HyperparameterImportance>
    {
        public bool Equals(HyperparameterImportance? x, HyperparameterImportance? y) =>
            x is not null && y is not null && x.Parameters.SequenceEqual(y.Parameters) && x.SeedAgreement == y.SeedAgreement;

        public int GetHashCode(HyperparameterImportance obj) => obj.Parameters.Count;
    }
}

public class ImportanceSampleTests
{
    /// <summary>A big sweep: <paramref name="trials"/> finished trials at seeded random points where only the learning rate matters.</summary>
    private static SearchHistory BigSweep(int trials)
    {
        var space = TestSpecs.WideSpace();
        var random = new Random(11);
        var observations = Enumerable.Range(1, trials).Select(id =>
        {
            var point = space.Searched.Select(_ => random.NextDouble()).ToArray();
            return new Observation(id, space.FromUnit(point), 0, Model.State.TrialStatus.Completed, -Math.Abs(point[0] - 0.3));
        });
        return SearchHistory.Start(TestSpecs.Synthetic(trials, space)) with { Trials = [.. observations] };
    }

    [Fact]
    public void A_sweep_bigger_than_the_bound_is_ranked_on_a_seeded_sample_of_that_many_trials()
    {
        var history = BigSweep(HyperparameterImportance.MaxTrials + 700);
        var importance = HyperparameterImportance.Of(history)!;
        Assert.Equal(HyperparameterImportance.MaxTrials, importance.Trials);
        Assert.Equal(HyperparameterImportance.MaxTrials + 700, importance.TrialsWithValue);
        Assert.True(importance.Sampled);
        Assert.Contains($"{HyperparameterImportance.MaxTrials} of {HyperparameterImportance.MaxTrials + 700} trials", importance.TrialsText);
        Assert.Equal("learning-rate", importance.Parameters[0].Name);
        // The same trials give the same sample, so the same ranking and shares.
        Assert.Equal(importance.Parameters, HyperparameterImportance.Of(history)!.Parameters);
    }

    [Fact]
    public void A_sweep_within_the_bound_uses_every_trial()
    {
        var importance = HyperparameterImportance.Of(BigSweep(300))!;
        Assert.Equal(300, importance.Trials);
        Assert.False(importance.Sampled);
        Assert.Equal("300 trials", importance.TrialsText);
    }

    [Fact]
    public void A_sample_is_that_many_distinct_items_in_their_order()
    {
        var items = Enumerable.Range(0, 1000).ToList();
        var sample = HyperparameterImportance.Sample(items, 100, 1);
        Assert.Equal(100, sample.Distinct().Count());
        Assert.Equal(sample.Order(), sample);
        Assert.Equal(sample, HyperparameterImportance.Sample(items, 100, 1));
        Assert.Same(items, HyperparameterImportance.Sample(items, 1000, 1));
    }
}
