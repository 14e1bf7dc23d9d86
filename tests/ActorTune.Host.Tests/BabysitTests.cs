using System.Text.Json;

namespace ActorTune.Host.Tests;

/// <summary>A babysitting session through the real executable, driven by typing on its standard input.</summary>
public sealed class BabysitTests : IDisposable
{
    private readonly Workspace _work = new();

    public void Dispose() => _work.Dispose();

    private static int Epochs(string output, int trial) =>
        output.Split('\n').Count(l => l.StartsWith($"trial {trial} epoch ", StringComparison.Ordinal));

    [Fact]
    public async Task Pause_set_resume_rollback_stop_and_quit_are_obeyed_and_logged()
    {
        var file = _work.Sweep("panda", """
              model = synthetic
              synthetic { epoch-seconds = 0.08 }
              epochs = 60
              trials = 3
              space {
                learning-rate { scale = log, min = 1e-3, max = 1e-2 }
              }
            """);
        using var panda = ActorTuneProcess.Start(_work.Directory, "babysit", file);
        var wait = TimeSpan.FromMinutes(1);
        await panda.WaitForOutputAsync(o => o.Contains("trial 1 epoch 2/60"), wait);

        panda.WriteLine("pause");
        await panda.WaitForOutputAsync(o => o.Contains("trial 1: pause"), wait);
        await Task.Delay(400);
        var held = Epochs(panda.Output, 1);
        await Task.Delay(600);
        Assert.Equal(held, Epochs(panda.Output, 1)); // paused: no epoch comes

        panda.WriteLine("set learning-rate 0.005");
        await panda.WaitForOutputAsync(o => o.Contains("trial 1 started from epoch"), wait);
        panda.WriteLine("set layers 3");
        await panda.WaitForOutputAsync(o => o.Contains("refused:"), wait);
        panda.WriteLine("resume");
        await panda.WaitForOutputAsync(o => Epochs(o, 1) >= held + 3, wait);
        panda.WriteLine("rollback 2");
        await panda.WaitForOutputAsync(o => o.Contains("trial 1 started from epoch 2"), wait);
        panda.WriteLine("stop");
        await panda.WaitForOutputAsync(o => o.Contains("trial 2 started"), wait);
        panda.WriteLine("quit");
        Assert.Equal(130, await panda.WaitAsync(TimeSpan.FromSeconds(30)));

        var show = await ActorTuneProcess.RunAsync(_work.Directory, "show", "panda", "--json");
        var trial = JsonDocument.Parse(show.Out).RootElement.GetProperty("trials").EnumerateArray().Single(t => t.GetProperty("id").GetInt32() == 1);
        Assert.Equal("pruned", trial.GetProperty("status").GetString());
        Assert.Equal(["pause", "set", "resume", "rollback", "stop"],
            trial.GetProperty("interventions").EnumerateArray().Select(i => i.GetProperty("action").GetString()));
        Assert.Equal(0.005, trial.GetProperty("schedule")[0].GetProperty("params").GetProperty("learning-rate").GetDouble());
        var table = await ActorTuneProcess.RunAsync(_work.Directory, "show", "panda");
        Assert.Contains("trial 1 interventions: epoch", table.Out);
    }
}
