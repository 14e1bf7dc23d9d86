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

    /// <summary>
    /// Every scale, a choice and a fixed value, under the MLP's names (so the seed's tiers apply), plus dropout (linear,
    /// a parameter the seed does not rank).
    /// </summary>
    public static SearchSpace WideSpace() => new([
        new RangeParameter("learning-rate", Scale.Log, 1e-6, 1),
        new RangeParameter("beta", Scale.OneMinusLog, 0.5, 0.9999),
        new RangeParameter("hidden-units", Scale.IntLog, 8, 1024),
        new RangeParameter("layers", Scale.Int, 1, 4),
        new ChoiceParameter("batch-size", [ParamValue.Of(16), ParamValue.Of(32), ParamValue.Of(64), ParamValue.Of(128), ParamValue.Of(256)]),
        new RangeParameter("learning-rate-decay", Scale.Log, 1e-5, 1),
        new RangeParameter("dropout", Scale.Linear, 0, 0.5),
        new FixedParameter("optimizer", ParamValue.Of("adam")),
    ]);

    /// <summary>A strategy block from "key=value,key=value", as a sweep file would give it.</summary>
    public static ComponentSpec Strategy(string type, string options) =>
        options.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(o => o.Split('=', 2))
            .Aggregate(ComponentSpec.Named(type), (spec, pair) => spec.With(pair[0], pair[1]));

    public static SweepSpec Synthetic(int trials, SearchSpace space, long seed = 7, int epochs = 5) => new(
        "test", seed, null, ComponentSpec.Named("synthetic"), "val_accuracy", Goal.Max, epochs, trials, 2,
        ComponentSpec.Named("random"), ComponentSpec.Named("none"), space);
}
