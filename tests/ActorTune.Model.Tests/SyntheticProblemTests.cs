using ActorTune.Model.Space;
using ActorTune.Model.Sweep;
using ActorTune.Model.Training.Synthetic;

namespace ActorTune.Model.Tests;

public class SyntheticProblemTests
{
    private static readonly SearchSpace Space = new([
        new RangeParameter("learning-rate", Scale.Log, 1e-4, 1),
        new RangeParameter("layers", Scale.Int, 1, 4),
    ]);

    private static TrialConfig Config(double learningRate, int layers) =>
        new([new("learning-rate", ParamValue.Of(learningRate)), new("layers", ParamValue.Of(layers))]);

    [Fact]
    public void Width_sets_how_fast_quality_falls_away_from_the_optimum_and_defaults_to_the_old_peak()
    {
        var model = ComponentSpec.Named("synthetic").With("optimum.learning-rate", "1e-3").With("weights.layers", "0");
        // One decade from the optimum is a quarter of the four-decade log range.
        var away = Config(1e-2, 3);
        Assert.Equal(1.0, SyntheticProblem.From(model, Space).Quality(Config(1e-3, 1)), 12);
        Assert.Equal(Math.Exp(-0.25 * 0.25 / (2 * 0.2 * 0.2)), SyntheticProblem.From(model, Space).Quality(away), 12);
        Assert.Equal(Math.Exp(-0.25 * 0.25 / (2 * 0.1 * 0.1)), SyntheticProblem.From(model.With("width", "0.1"), Space).Quality(away), 12);
    }
}
