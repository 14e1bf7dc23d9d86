using ActorTune.Model.Space;
using ActorTune.Model.Sweep;
using ActorTune.Model.Training.Command;
using ActorTune.Model.Training.Plugins;

namespace ActorTune.Model.Tests;

/// <summary>What a host checks in a submitted sweep before it makes anything of it.</summary>
public sealed class SubmissionCheckTests
{
    private static SweepSpec Valid(string name = "fine") =>
        TestSpecs.Synthetic(4, new SearchSpace([new RangeParameter("learning-rate", Scale.Log, 1e-4, 1)])) with { Name = name };

    [Fact]
    public void A_valid_sweep_passes()
    {
        Assert.Empty(SubmissionCheck.Errors(Valid(), allowCommands: false));
    }

    [Theory]
    [InlineData("../../x")]
    [InlineData("a/b")]
    [InlineData("")]
    [InlineData("$sweep")]
    public void A_name_that_is_no_actor_name_is_refused(string name)
    {
        var errors = SubmissionCheck.Errors(Valid(name), allowCommands: false);
        Assert.Contains(errors, e => e.Where == "sweep.name");
    }

    [Fact]
    public void A_bad_space_is_refused_with_its_key()
    {
        var spec = Valid() with { Space = new SearchSpace([new RangeParameter("learning-rate", Scale.Log, 0, 1)]) };
        Assert.Contains(SubmissionCheck.Errors(spec, allowCommands: false), e => e.Where == "sweep.space.learning-rate.min");
    }

    [Fact]
    public void Command_and_plugin_models_need_the_hosts_permission()
    {
        var command = Valid() with { Model = ComponentSpec.Named("command").With(CommandSettings.ArgsKey, CommandSettings.EncodeArgs(["sh", "-c", "id"])) };
        var plugin = Valid() with { Model = ComponentSpec.Named("Evil.Trainable").With(PluginTrainables.AssemblyKey, "/tmp/evil.dll") };

        Assert.Contains(SubmissionCheck.Errors(command, allowCommands: false), e => e.Where == "sweep.model" && e.Message.Contains("--allow-commands"));
        Assert.Contains(SubmissionCheck.Errors(plugin, allowCommands: false), e => e.Where == "sweep.model" && e.Message.Contains("--allow-commands"));
        Assert.DoesNotContain(SubmissionCheck.Errors(command, allowCommands: true), e => e.Where == "sweep.model");
        Assert.DoesNotContain(SubmissionCheck.Errors(plugin, allowCommands: true), e => e.Where == "sweep.model");
    }
}
