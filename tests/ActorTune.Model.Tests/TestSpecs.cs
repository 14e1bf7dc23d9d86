using ActorTune.Model.Space;
using ActorTune.Model.Sweep;

namespace ActorTune.Model.Tests;

/// <summary>Small sweep specs for tests.</summary>
internal static class TestSpecs
{
    public static SearchSpace TwoParameterSpace() => new([
        new RangeParameter("learning-rate", Scale.Log, 1e-4, 1),
        new RangeParameter("hidden-units", Scale.Int, 16, 256),
    ]);

    public static SweepSpec Synthetic(int trials, SearchSpace space, long seed = 7, int epochs = 5) => new(
        "test", seed, null, ComponentSpec.Named("synthetic"), "val_accuracy", Goal.Max, epochs, trials, 2,
        ComponentSpec.Named("random"), ComponentSpec.Named("none"), space);
}
