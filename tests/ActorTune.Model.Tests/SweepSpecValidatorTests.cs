using ActorTune.Model.Space;
using ActorTune.Model.Sweep;

namespace ActorTune.Model.Tests;

/// <summary>The validator on an already-parsed spec (as the host calls it for a submission): every problem, one line each.</summary>
public sealed class SweepSpecValidatorTests
{
    private static SweepSpec Mlp(params ParameterSpec[] parameters) => new(
        "test", 1, new DataSpec("/data.csv", 0.2, null, null), ComponentSpec.Named("mlp"), "val_accuracy", Goal.Max, 2, 2, 1,
        ComponentSpec.Named("random"), ComponentSpec.Named("none"), new SearchSpace(parameters));

    [Fact]
    public void A_one_minus_log_max_of_one_is_one_problem_on_one_line()
    {
        var errors = SweepSpecValidator.Validate(Mlp(new RangeParameter("beta1", Scale.OneMinusLog, 0.9, 1)));
        var error = Assert.Single(errors);
        Assert.Equal("sweep.space.beta1.max", error.Where);
    }

    [Fact]
    public void A_misspelt_mlp_hyperparameter_gets_a_did_you_mean()
    {
        var errors = SweepSpecValidator.Validate(Mlp(new RangeParameter("hiden-units", Scale.Int, 16, 64)));
        var error = Assert.Single(errors);
        Assert.Equal("sweep.space.hiden-units", error.Where);
        Assert.Contains("did you mean 'hidden-units'?", error.Message);
    }

    [Fact]
    public void Distinct_problems_are_all_reported()
    {
        var errors = SweepSpecValidator.Validate(Mlp(
            new RangeParameter("learning-rate", Scale.Log, 1, 0.1),
            new RangeParameter("beta1", Scale.OneMinusLog, 0.9, 1),
            new RangeParameter("hiden-units", Scale.Int, 16, 64)) with
        { Trials = 0 });
        Assert.Equal(
            ["sweep.trials", "sweep.space.learning-rate", "sweep.space.beta1.max", "sweep.space.hiden-units"],
            errors.Select(e => e.Where));
    }

    [Theory]
    [InlineData("epoch", "epochs")]
    [InlineData("scael", "scale")]
    [InlineData("hiden-units", "hidden-units")]
    [InlineData("foo", null)]
    public void Near_names_are_suggested_and_far_ones_are_not(string typed, string? expected) =>
        Assert.Equal(expected, NameSuggestion.Closest(typed, ["epochs", "scale", "hidden-units", "mlp", "seed"]));
}
