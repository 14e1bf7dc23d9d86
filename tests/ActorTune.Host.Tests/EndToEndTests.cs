using System.Text.Json;

namespace ActorTune.Host.Tests;

/// <summary>The real executable, start to finish: run, list, show, kill and resume.</summary>
public sealed class EndToEndTests : IDisposable
{
    private readonly Workspace _work = new();

    public void Dispose() => _work.Dispose();

    private string DigitsSweep(string name, int trials, int epochs) => _work.Sweep(name, $$"""
          seed = 5
          data {
            path = "{{ActorTuneProcess.DigitsPath}}"
            validation = 0.2
          }
          model = mlp
          metric = val_accuracy
          epochs = {{epochs}}
          trials = {{trials}}
          concurrency = 2
          space {
            learning-rate { scale = log, min = 1e-3, max = 1e-2 }
            hidden-units  { scale = int-log, min = 32, max = 64 }
            optimizer = adam
          }
        """);

    /// <summary>Synthetic trials that take <paramref name="epochSeconds"/> per epoch: slow enough to interrupt.</summary>
    private string SlowSweep(string name, int trials, int epochs, double epochSeconds) => _work.Sweep(name, $$"""
          seed = 11
          model = synthetic
          synthetic { epoch-seconds = {{epochSeconds}} }
          epochs = {{epochs}}
          trials = {{trials}}
          concurrency = 2
          space {
            learning-rate { scale = log, min = 1e-4, max = 1 }
            beta1 { scale = one-minus-log, min = 0.9, max = 0.999 }
          }
        """);

    private static JsonElement ShowJson(string output) => JsonDocument.Parse(output).RootElement;

    [Fact]
    public async Task A_small_digits_sweep_runs_to_completion_and_show_json_has_every_epoch()
    {
        var file = DigitsSweep("e2e-digits", trials: 4, epochs: 3);
        var run = await ActorTuneProcess.RunAsync(_work.Directory, "run", file);
        Assert.True(run.Exit == 0, run.Out + run.Err);
        Assert.Contains("best: trial", run.Out);
        Assert.Contains("learning-rate = ", run.Out);
        Assert.True(File.Exists(Path.Combine(_work.Directory, "actortune.db")), "the default database is actortune.db in the working directory");

        var show = await ActorTuneProcess.RunAsync(_work.Directory, "show", "e2e-digits", "--json");
        Assert.Equal(0, show.Exit);
        var json = ShowJson(show.Out);
        Assert.Equal("e2e-digits", json.GetProperty("name").GetString());
        Assert.Equal("completed", json.GetProperty("status").GetString());
        Assert.Equal("val_accuracy", json.GetProperty("metric").GetString());
        Assert.Equal("max", json.GetProperty("goal").GetString());
        var trials = json.GetProperty("trials").EnumerateArray().ToList();
        Assert.Equal(4, trials.Count);
        var best = json.GetProperty("best");
        Assert.Equal(trials[0].GetProperty("id").GetInt32(), best.GetProperty("trial").GetInt32());
        Assert.InRange(best.GetProperty("value").GetDouble(), 0.5, 1.0);
        Assert.True(best.GetProperty("params").GetProperty("learning-rate").GetDouble() is >= 1e-3 and <= 1e-2);
        foreach (var trial in trials)
        {
            Assert.Equal("completed", trial.GetProperty("status").GetString());
            Assert.Equal("local", trial.GetProperty("node").GetString());
            var epochs = trial.GetProperty("epochs").EnumerateArray().ToList();
            Assert.Equal([1, 2, 3], epochs.Select(e => e.GetProperty("epoch").GetInt32()));
            Assert.All(epochs, e =>
            {
                Assert.True(e.GetProperty("train_loss").GetDouble() > 0);
                Assert.True(e.GetProperty("val_loss").GetDouble() > 0);
                Assert.InRange(e.GetProperty("val_accuracy").GetDouble(), 0, 1);
                Assert.True(e.GetProperty("seconds").GetDouble() >= 0);
            });
        }
        var values = trials.Select(t => t.GetProperty("value").GetDouble()).ToList();
        Assert.Equal(values.OrderByDescending(v => v), values);

        var list = await ActorTuneProcess.RunAsync(_work.Directory, "list");
        Assert.Equal(0, list.Exit);
        Assert.Contains("e2e-digits", list.Out);
        Assert.Contains("completed", list.Out);

        var table = await ActorTuneProcess.RunAsync(_work.Directory, "show", "e2e-digits");
        Assert.Equal(0, table.Exit);
        Assert.Contains("learning-rate", table.Out);
        Assert.Contains("distinct values tried", table.Out);
    }

    [Fact]
    public async Task A_sweep_killed_with_sigkill_resumes_without_rerunning_completed_trials()
    {
        // 8 trials of 2.4 s on 2 slots: ~7 s of work remain at the kill (with 0.3 s trials a loaded machine finished first).
        var file = SlowSweep("e2e-kill", trials: 8, epochs: 8, epochSeconds: 0.3);
        var db = Path.Combine(_work.Directory, "kill.db");
        using (var first = ActorTuneProcess.Start(_work.Directory, "run", file, "--db", db))
        {
            await first.WaitForOutputAsync(o => o.Split('\n').Count(l => l.Contains(" completed")) >= 3, TimeSpan.FromMinutes(2));
            first.Signal("KILL");
            Assert.NotEqual(0, await first.WaitAsync(TimeSpan.FromSeconds(30)));
        }
        var before = ShowJson((await ActorTuneProcess.RunAsync(_work.Directory, "show", "e2e-kill", "--db", db, "--json")).Out);
        var completedBefore = before.GetProperty("trials").EnumerateArray()
            .Where(t => t.GetProperty("status").GetString() == "completed")
            .ToDictionary(t => t.GetProperty("id").GetInt32(), t => t.GetProperty("epochs").GetRawText());
        Assert.True(completedBefore.Count >= 3);
        Assert.Equal("interrupted", before.GetProperty("status").GetString());

        var resume = await ActorTuneProcess.RunAsync(_work.Directory, "resume", "e2e-kill", "--db", db);
        Assert.True(resume.Exit == 0, resume.Out + resume.Err);
        var after = ShowJson((await ActorTuneProcess.RunAsync(_work.Directory, "show", "e2e-kill", "--db", db, "--json")).Out);
        Assert.Equal("completed", after.GetProperty("status").GetString());
        var trials = after.GetProperty("trials").EnumerateArray().ToList();
        Assert.Equal(8, trials.Count);
        foreach (var trial in trials)
        {
            var id = trial.GetProperty("id").GetInt32();
            Assert.Equal("completed", trial.GetProperty("status").GetString());
            Assert.Equal(Enumerable.Range(1, 8), trial.GetProperty("epochs").EnumerateArray().Select(e => e.GetProperty("epoch").GetInt32()));
            if (completedBefore.TryGetValue(id, out var epochs))
            {
                Assert.Equal(1, trial.GetProperty("attempts").GetInt32());
                Assert.Equal(epochs, trial.GetProperty("epochs").GetRawText());
            }
        }
    }

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task Ctrl_c_or_sigterm_exits_130_and_the_sweep_resumes(string signal)
    {
        // 4 trials of 4 s on 2 slots: signalled at the first start, ~8 s of work remain, so the sweep cannot
        // end before the signal lands even on a loaded machine (it did with 1.5 s of work: exit 0, not 130).
        var file = SlowSweep("e2e-signal", trials: 4, epochs: 16, epochSeconds: 0.25);
        using (var first = ActorTuneProcess.Start(_work.Directory, "run", file))
        {
            await first.WaitForOutputAsync(o => o.Contains(" started"), TimeSpan.FromMinutes(2));
            first.Signal(signal);
            Assert.Equal(130, await first.WaitAsync(TimeSpan.FromSeconds(20)));
            Assert.Contains("actortune resume e2e-signal", first.Error);
        }
        var resume = await ActorTuneProcess.RunAsync(_work.Directory, "resume", "e2e-signal");
        Assert.True(resume.Exit == 0, resume.Out + resume.Err);
        Assert.Contains("resuming e2e-signal", resume.Out);
        var json = ShowJson((await ActorTuneProcess.RunAsync(_work.Directory, "show", "e2e-signal", "--json")).Out);
        Assert.Equal(4, json.GetProperty("trials").GetArrayLength());
        Assert.All(json.GetProperty("trials").EnumerateArray(), t => Assert.Equal(16, t.GetProperty("epochs").GetArrayLength()));
    }

    [Fact]
    public async Task Unknown_sweeps_and_bad_usage_exit_2()
    {
        Assert.Equal(2, (await ActorTuneProcess.RunAsync(_work.Directory, "show", "no-such-sweep")).Exit);
        Assert.Equal(2, (await ActorTuneProcess.RunAsync(_work.Directory, "resume", "no-such-sweep")).Exit);
        Assert.Equal(2, (await ActorTuneProcess.RunAsync(_work.Directory, "frobnicate")).Exit);
    }
}
