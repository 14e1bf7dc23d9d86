using ActorTune.Model.Analysis;

namespace ActorTune.Model.Tests;

public class FanovaTests
{
    private static RegressionForest.Node Leaf(double value) => new(-1, 0, null, null, value);

    [Fact]
    public void A_trees_variance_splits_exactly_into_main_effects_and_the_rest()
    {
        // f = 2 where x0 ≥ 0.5 and x1 ≥ 0.5, else 0: variance 0.75, each main effect 0.25, the interaction the rest.
        var tree = new RegressionForest.Node(0, 0.5, Leaf(0), new RegressionForest.Node(1, 0.5, Leaf(0), Leaf(2), 1), 0.5);
        var effects = Fanova.MainEffects(new RegressionForest([tree]), 3);
        Assert.Equal(1.0 / 3, effects[0], 12);
        Assert.Equal(1.0 / 3, effects[1], 12);
        Assert.Equal(0.0, effects[2], 12);
    }

    [Fact]
    public void A_forest_recovers_the_shares_of_an_additive_function()
    {
        // f = x0 + x1 / 2 on the unit square: var(x0) = 1/12, var(x1 / 2) = 1/48, so shares 0.8 and 0.2.
        var random = new Random(3);
        var points = Enumerable.Range(0, 300).Select(_ => new[] { random.NextDouble(), random.NextDouble(), random.NextDouble() }).ToList();
        var forest = RegressionForest.Grow(points, points.Select(p => p[0] + p[1] / 2).ToList(), 32, 1);
        var effects = Fanova.MainEffects(forest, 3);
        Assert.Equal(0.8, effects[0], 1);
        Assert.Equal(0.2, effects[1], 1);
        Assert.True(effects[2] < 0.02, $"x2 does not matter but got {effects[2]}");
        Assert.Equal(0.6, forest.Predict([0.5, 0.2, 0.9]), 1);
    }
}

public class FanovaScaleTests
{
    [Fact]
    public void Main_effects_of_a_forest_on_thousands_of_points_take_well_under_a_second()
    {
        // The marginal of a tree with n leaves was n² (every leaf asked for every slice): 20,000 trials took minutes.
        var random = new Random(5);
        var points = Enumerable.Range(0, 2000).Select(_ => new[] { random.NextDouble(), random.NextDouble(), random.NextDouble(), random.NextDouble() }).ToList();
        var forest = RegressionForest.Grow(points, points.Select(p => Math.Sin(6 * p[0]) + p[1] * p[2] + random.NextDouble() * 0.1).ToList(), 8, 1);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var effects = Fanova.MainEffects(forest, 4);
        // A guard against the n² marginal (minutes), not a speed figure: the limit scales with the machine.
        Assert.True(watch.Elapsed < ActorTune.Tests.Shared.TestTime.Scaled(TimeSpan.FromSeconds(5)), $"main effects took {watch.Elapsed.TotalSeconds:0.0} s");
        Assert.True(effects[0] > effects[3], string.Join(", ", effects));
    }
}
