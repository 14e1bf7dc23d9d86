using ActorTune.Model.Space;

namespace ActorTune.Model.Tests;

public class SamplingTests
{
    private const int Draws = 10_000;

    private static List<double> Draw(ParameterSpec parameter, int seed = 1)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, Draws).Select(_ => parameter.FromUnit(random.NextDouble()).Number).ToList();
    }

    [Theory]
    [InlineData(Scale.Linear, -3.0, 7.0)]
    [InlineData(Scale.Log, 1e-4, 1.0)]
    [InlineData(Scale.OneMinusLog, 0.9, 0.999)]
    [InlineData(Scale.Int, 1.0, 4.0)]
    [InlineData(Scale.IntLog, 16.0, 256.0)]
    public void Every_scale_stays_in_bounds(Scale scale, double min, double max)
    {
        var values = Draw(new RangeParameter("p", scale, min, max));
        Assert.All(values, v => Assert.InRange(v, min, max));
        Assert.Equal(Draws, values.Count);
    }

    [Fact]
    public void Log_scale_puts_about_half_below_the_geometric_mean()
    {
        var values = Draw(new RangeParameter("learning-rate", Scale.Log, 1e-4, 1));
        var below = values.Count(v => v < Math.Sqrt(1e-4 * 1));
        Assert.InRange(below / (double)Draws, 0.47, 0.53);
        // Each decade gets a quarter: a linear scale would put 90% in [0.1, 1].
        Assert.InRange(values.Count(v => v < 1e-3) / (double)Draws, 0.22, 0.28);
    }

    [Fact]
    public void One_minus_log_puts_about_half_in_the_first_decade_of_one_minus_beta()
    {
        var values = Draw(new RangeParameter("beta", Scale.OneMinusLog, 0.9, 0.999));
        var low = values.Count(v => v < 0.99);
        Assert.InRange(low / (double)Draws, 0.47, 0.53);
    }

    [Fact]
    public void Int_scale_reaches_every_integer_about_equally()
    {
        var values = Draw(new RangeParameter("layers", Scale.Int, 1, 4));
        var counts = values.GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal([1.0, 2.0, 3.0, 4.0], counts.Keys.Order());
        Assert.All(counts.Values, c => Assert.InRange(c / (double)Draws, 0.22, 0.28));
        Assert.All(values, v => Assert.Equal(Math.Floor(v), v));
    }

    [Fact]
    public void Int_log_scale_reaches_every_integer_and_favours_small_ones()
    {
        var values = Draw(new RangeParameter("hidden-units", Scale.IntLog, 16, 256));
        Assert.All(values, v => Assert.Equal(Math.Floor(v), v));
        Assert.InRange(values.Count(v => v < 64) / (double)Draws, 0.45, 0.55);
        Assert.Equal(241, values.Distinct().Count());
    }

    [Fact]
    public void Choices_are_equally_likely_and_fixed_values_never_change()
    {
        var choice = new ChoiceParameter("batch-size", [ParamValue.Of(16), ParamValue.Of(32), ParamValue.Of(64)]);
        var random = new Random(3);
        var counts = Enumerable.Range(0, Draws).Select(_ => choice.FromUnit(random.NextDouble())).GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(3, counts.Count);
        Assert.All(counts.Values, c => Assert.InRange(c / (double)Draws, 0.30, 0.37));
        var fixedValue = new FixedParameter("optimizer", ParamValue.Of("adam"));
        Assert.Equal("adam", fixedValue.FromUnit(0.3).Text);
    }

    [Theory]
    [InlineData(Scale.Linear, 0.0, 10.0, 3.7)]
    [InlineData(Scale.Log, 1e-4, 1.0, 0.003)]
    [InlineData(Scale.OneMinusLog, 0.9, 0.999, 0.995)]
    public void Unit_position_round_trips_on_continuous_scales(Scale scale, double min, double max, double value)
    {
        var parameter = new RangeParameter("p", scale, min, max);
        Assert.Equal(value, parameter.FromUnit(parameter.ToUnit(ParamValue.Of(value))).Number, 9);
    }
}
