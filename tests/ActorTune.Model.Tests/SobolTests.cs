using ActorTune.Model.Space;
using ActorTune.Model.Strategies;

namespace ActorTune.Model.Tests;

public class SobolTests
{
    /// <summary>
    /// Hickernell's centred L2 discrepancy (squared) of points in the unit cube: 0 for a perfectly even spread; the
    /// usual yardstick of "coverage" for space-filling designs.
    /// </summary>
    private static double CenteredDiscrepancy(IReadOnlyList<double[]> points)
    {
        var n = points.Count;
        var d = points[0].Length;
        var first = Math.Pow(13.0 / 12, d);
        var second = points.Sum(x => x.Aggregate(1.0, (p, u) => p * (1 + 0.5 * Math.Abs(u - 0.5) - 0.5 * (u - 0.5) * (u - 0.5))));
        var third = 0.0;
        foreach (var x in points)
        {
            foreach (var y in points)
            {
                var product = 1.0;
                for (var k = 0; k < d; k++)
                {
                    product *= 1 + 0.5 * Math.Abs(x[k] - 0.5) + 0.5 * Math.Abs(y[k] - 0.5) - 0.5 * Math.Abs(x[k] - y[k]);
                }
                third += product;
            }
        }
        return first - 2.0 / n * second + third / ((double)n * n);
    }

    private static List<double[]> SobolPoints(int n, int d, int seed) =>
        Enumerable.Range(0, n).Select(new SobolSequence(d, seed).Point).ToList();

    private static List<double[]> RandomPoints(int n, int d, int seed) =>
        Enumerable.Range(1, n).Select(i => RandomStrategy.UnitPoint(seed, i, d)).ToList();

    [Theory]
    [InlineData(30, 6)]
    [InlineData(64, 3)]
    [InlineData(100, 8)]
    public void Sobol_points_cover_the_cube_more_evenly_than_random_points(int n, int d)
    {
        var seeds = Enumerable.Range(1, 10).ToList();
        var sobol = seeds.Select(s => CenteredDiscrepancy(SobolPoints(n, d, s))).ToList();
        var random = seeds.Select(s => CenteredDiscrepancy(RandomPoints(n, d, s))).ToList();
        Assert.True(sobol.Average() < 0.5 * random.Average(), $"sobol {sobol.Average()} vs random {random.Average()}");
        Assert.True(sobol.Zip(random).Count(p => p.First < p.Second) >= 9, "Sobol should win for nearly every seed");
    }

    [Fact]
    public void The_first_two_to_the_k_points_put_one_point_in_every_slice_of_every_axis()
    {
        foreach (int? seed in new int?[] { null, 3 })
        {
            var points = Enumerable.Range(0, 64).Select(new SobolSequence(SobolSequence.MaxDimensions, seed).Point).ToList();
            for (var d = 0; d < SobolSequence.MaxDimensions; d++)
            {
                var slices = points.Select(p => (int)(p[d] * 64)).Order().ToList();
                Assert.Equal(Enumerable.Range(0, 64), slices);
            }
        }
    }

    [Fact]
    public void The_first_two_axes_form_a_net_every_elementary_box_holds_one_point()
    {
        var points = Enumerable.Range(0, 64).Select(new SobolSequence(2, 11).Point).ToList();
        for (var a = 0; a <= 6; a++)
        {
            var (rows, columns) = (1 << a, 1 << (6 - a));
            var boxes = points.Select(p => ((int)(p[0] * rows), (int)(p[1] * columns))).Distinct().Count();
            Assert.Equal(64, boxes);
        }
    }

    [Fact]
    public void Direction_number_table_uses_primitive_polynomials_and_valid_initial_numbers()
    {
        foreach (var (degree, coefficients, initial) in SobolSequence.JoeKuo)
        {
            Assert.Equal(degree, initial.Length);
            for (var i = 0; i < degree; i++)
            {
                Assert.True(initial[i] % 2 == 1 && initial[i] < 1 << (i + 1), $"m_{i + 1} = {initial[i]} must be odd and below 2^{i + 1}");
            }
            // x^s + a_1 x^(s-1) + ... + 1 is primitive when x has order 2^s - 1 modulo it.
            var polynomial = (1 << degree) | (coefficients << 1) | 1;
            Assert.Equal((1 << degree) - 1, OrderOfX(polynomial, degree));
        }
        Assert.Equal(SobolSequence.MaxDimensions - 1, SobolSequence.JoeKuo.Length);
        Assert.Equal(SobolSequence.MaxDimensions - 1, SobolSequence.JoeKuo.Select(p => (p.Degree, p.Coefficients)).Distinct().Count());
    }

    private static int OrderOfX(int polynomial, int degree)
    {
        var power = 1;
        for (var k = 1; k <= 1 << degree; k++)
        {
            power <<= 1;
            if ((power & (1 << degree)) != 0)
            {
                power ^= polynomial;
            }
            if (power == 1)
            {
                return k;
            }
        }
        return -1;
    }

    [Fact]
    public void Sobol_strategy_proposes_distinct_values_on_each_scale_and_depends_only_on_seed_and_trial()
    {
        var space = new SearchSpace([
            new RangeParameter("learning-rate", Scale.Log, 1e-4, 1),
            new RangeParameter("beta", Scale.OneMinusLog, 0.9, 0.999),
            new ChoiceParameter("batch-size", [ParamValue.Of(16), ParamValue.Of(32), ParamValue.Of(64), ParamValue.Of(128)]),
        ]);
        var spec = TestSpecs.Synthetic(32, space) with { Strategy = Model.Sweep.ComponentSpec.Named("sobol") };
        var first = SearchRuns.Sequential(new SobolStrategy(), spec, _ => 0.5);
        var again = SearchRuns.Sequential(new SobolStrategy(), spec, t => t.TrialId);
        var other = SearchRuns.Sequential(new SobolStrategy(), spec with { Seed = 8 }, _ => 0.5);
        Assert.Equal(first.Trials.Select(t => t.Config), again.Trials.Select(t => t.Config));
        Assert.NotEqual(first.Trials.Select(t => t.Config), other.Trials.Select(t => t.Config));
        Assert.Equal(32, first.Trials.Select(t => t.Config["learning-rate"]).Distinct().Count());
        // 32 points over 4 values: each value exactly 8 times (the net property, through the choice's cells).
        Assert.All(first.Trials.GroupBy(t => t.Config["batch-size"]), g => Assert.Equal(8, g.Count()));
        // One-minus-log: as many betas in [0.99, 0.999] as in [0.9, 0.99].
        Assert.Equal(16, first.Trials.Count(t => t.Config["beta"].Number >= 0.99));
    }
}
