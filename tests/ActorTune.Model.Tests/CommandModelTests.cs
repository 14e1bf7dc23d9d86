using ActorTune.Model.Space;
using ActorTune.Model.Sweep;
using ActorTune.Model.Training;
using ActorTune.Model.Training.Command;

namespace ActorTune.Model.Tests;

/// <summary>The pure parts of model = command: reading a program's epoch lines, substituting arguments, validating, durations.</summary>
public sealed class CommandModelTests
{
    [Fact]
    public void An_epoch_line_gives_its_epoch_and_every_metric()
    {
        var line = EpochLine.Parse("""{"epoch": 3, "val_accuracy": 0.91, "val_loss": 0.3}""", out var problem);
        Assert.Null(problem);
        Assert.Equal(3, line!.Epoch);
        Assert.Equal(0.91, line.Metrics["val_accuracy"]);
        Assert.Equal(0.3, line.Metrics["val_loss"]);
        Assert.False(line.Metrics.ContainsKey("epoch"));
    }

    [Fact]
    public void Python_nan_and_infinity_are_read_as_diverged_values_but_not_inside_strings()
    {
        var line = EpochLine.Parse("""{"val_loss": NaN, "train_loss": -Infinity, "x": Infinity, "y": null}""", out _);
        Assert.True(double.IsNaN(line!.Metrics["val_loss"]));
        Assert.Equal(double.NegativeInfinity, line.Metrics["train_loss"]);
        Assert.Equal(double.PositiveInfinity, line.Metrics["x"]);
        Assert.True(double.IsNaN(line.Metrics["y"]));
        Assert.Null(line.Epoch);
        Assert.Equal(1.0, EpochLine.Parse("""{"NaN loss": 1}""", out _)!.Metrics["NaN loss"]);
    }

    [Theory]
    [InlineData("loss is 0.5 now", "not JSON")]
    [InlineData("[1, 2]", "a JSON array, not an object")]
    [InlineData("""{"epoch": 0, "val_loss": 1}""", "\"epoch\" must be a whole number from 1")]
    [InlineData("""{"epoch": 2.5, "val_loss": 1}""", "\"epoch\" must be a whole number from 1")]
    [InlineData("""{"phase": "train"}""", "\"phase\" is not a number")]
    [InlineData("""{"epoch": 1}""", "no metrics in it")]
    public void A_line_that_is_not_an_epochs_metrics_says_why(string text, string expected)
    {
        Assert.Null(EpochLine.Parse(text, out var problem));
        Assert.Contains(expected, problem);
    }

    [Fact]
    public void Arguments_get_the_trials_values_and_nothing_is_split_or_interpreted()
    {
        var model = ComponentSpec.Named("command")
            .With(CommandSettings.ArgsKey, CommandSettings.EncodeArgs(["train.py", "--lr=${learning-rate}", "${optimizer}", "${trial}/${epochs}/${seed}", "$$HOME", "a b;c"]));
        var config = new TrialConfig(new Dictionary<string, ParamValue>
        {
            ["learning-rate"] = ParamValue.Of(0.001),
            ["optimizer"] = ParamValue.Of("adam; rm -rf /"),
        });
        var context = new TrialContext(7, config, 1234, 20, model, null);
        Assert.Equal(["train.py", "--lr=0.001", "adam; rm -rf /", "7/20/1234", "$HOME", "a b;c"], CommandSettings.From(model).Expand(context));
    }

    [Fact]
    public void Validation_names_unknown_placeholders_bad_timeouts_and_missing_directories()
    {
        var space = new SearchSpace([new RangeParameter("learning-rate", Scale.Log, 1e-4, 1)]);
        var model = ComponentSpec.Named("command")
            .With(CommandSettings.ArgsKey, CommandSettings.EncodeArgs(["python3", "${learning-rate}", "${hidden}", "${unclosed"]))
            .With(CommandSettings.TimeoutKey, "soon")
            .With(CommandSettings.WorkingDirectoryKey, "/no/such/directory")
            .With("retries", "3");
        var errors = CommandSettings.Validate(model, space).Select(e => e.ToString()).ToList();
        Assert.Contains("sweep.command: ${hidden} names no parameter of sweep.space (nor trial, seed, epochs)", errors);
        Assert.Contains(errors, e => e.StartsWith("sweep.command: a '${' without its closing '}'", StringComparison.Ordinal));
        Assert.Contains("sweep.command.timeout: 'soon' is not a duration (e.g. 90s, 10m, 2h)", errors);
        Assert.Contains("sweep.command.working-directory: directory not found: /no/such/directory", errors);
        Assert.Contains(errors, e => e.StartsWith("sweep.command.retries: unknown key", StringComparison.Ordinal));
        Assert.Equal(5, errors.Count);
        Assert.Empty(CommandSettings.Validate(ComponentSpec.Named("command").With(CommandSettings.ArgsKey, CommandSettings.EncodeArgs(["python3", "${learning-rate}"])), space));
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("10m", 600)]
    [InlineData("2 hours", 7200)]
    [InlineData("500ms", 0.5)]
    [InlineData("1.5h", 5400)]
    [InlineData("45", 45)]
    public void Durations_read_like_hocon(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), CommandSettings.ParseDuration(text));

    [Theory]
    [InlineData("soon")]
    [InlineData("10 fortnights")]
    [InlineData("-5s")]
    public void Not_a_duration(string text) => Assert.Null(CommandSettings.ParseDuration(text));
}
