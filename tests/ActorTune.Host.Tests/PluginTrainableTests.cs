using System.Text.Json;
using ActorTune.Examples.Plugin;

namespace ActorTune.Host.Tests;

/// <summary>A user's own .NET trainable (examples/plugin) named in a sweep file, and the ways such a file, or a command one, is refused.</summary>
[Collection(ProcessesCollection.Name)]
public sealed class PluginTrainableTests : IDisposable
{
    private readonly Workspace _work = new();

    public void Dispose() => _work.Dispose();

    private static string PluginPath => typeof(SoftmaxRegression).Assembly.Location;

    [Fact]
    public async Task A_sweep_trains_the_example_plugin_from_an_assembly_path_relative_to_the_working_directory()
    {
        // Copied without its .deps.json, so it is found the way a hand-copied DLL would be.
        Directory.CreateDirectory(Path.Combine(_work.Directory, "lib"));
        File.Copy(PluginPath, Path.Combine(_work.Directory, "lib", Path.GetFileName(PluginPath)));
        var file = _work.Sweep("plugin", $$"""
              seed = 2
              data {
                path = "{{ActorTuneProcess.DigitsPath}}"
              }
              model = "ActorTune.Examples.Plugin.SoftmaxRegression, ActorTune.Examples.Plugin"
              assembly = "lib/ActorTune.Examples.Plugin.dll"
              epochs = 3
              trials = 4
              concurrency = 2
              space {
                learning-rate { scale = log, min = 0.05, max = 0.5 }
                l2 = 1e-4
              }
            """);
        var run = await ActorTuneProcess.RunAsync(_work.Directory, "run", file);
        Assert.True(run.Exit == 0, run.Out + run.Err);
        var show = JsonDocument.Parse((await ActorTuneProcess.RunAsync(_work.Directory, "show", "plugin", "--json")).Out).RootElement;
        var trials = show.GetProperty("trials").EnumerateArray().ToList();
        Assert.Equal(4, trials.Count);
        Assert.All(trials, t =>
        {
            Assert.Equal("completed", t.GetProperty("status").GetString());
            var epochs = t.GetProperty("epochs").EnumerateArray().ToList();
            Assert.Equal(3, epochs.Count);
            Assert.All(epochs, e => Assert.True(e.GetProperty("val_loss").GetDouble() > 0));
        });
        // Softmax regression on digits gets well past chance (0.1) in three epochs: it really trained on the sweep's data.
        Assert.InRange(show.GetProperty("best").GetProperty("value").GetDouble(), 0.8, 1.0);
    }

    public static TheoryData<string, string> BadModels => new()
    {
        { "model = command", "sweep.command: missing" },
        { "model = command\ncommand = [\"python3\", \"x.py\", \"${nope}\"]", "sweep.command: ${nope} names no parameter of sweep.space" },
        { "model = command\ncommand { args = \"python3 x.py\" }", "sweep.command.args: must be a list" },
        { "model = command\ncommand { args = [python3], timeout = soon, working-directory = no/such/dir }", "sweep.command.timeout: 'soon' is not a duration" },
        { "model = synthetic\ncommand = [python3]", "sweep.command: only for model = command" },
        { "model = \"My.Trainer, My\"", "sweep.assembly: missing" },
        { "model = \"My.Trainer, My\"\nassembly = no/such.dll", "sweep.assembly: not found" },
        { $"model = \"ActorTune.Model.Sweep.SweepSpec, ActorTune.Model\"\nassembly = \"{ModelAssembly}\"", "is not a class implementing ActorTune.Model.Training.ITrainable" },
    };

    private static string ModelAssembly => typeof(ActorTune.Model.Sweep.SweepSpec).Assembly.Location;

    [Theory]
    [MemberData(nameof(BadModels))]
    public async Task A_bad_command_or_plugin_model_is_refused_with_its_key_and_exit_2(string model, string expected)
    {
        var file = _work.Sweep("bad", $$"""
              {{model}}
              space {
                learning-rate { scale = log, min = 1e-3, max = 1 }
              }
            """);
        var run = await ActorTuneProcess.RunAsync(_work.Directory, "run", file);
        Assert.Equal(2, run.Exit);
        Assert.Contains(expected, run.Err);
        Assert.Contains("bad.hocon", run.Err);
    }
}
