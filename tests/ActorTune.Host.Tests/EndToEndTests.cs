using System.Text.Json;

namespace ActorTune.Host.Tests;

/// <summary>The real executable, start to finish: run, list, show, kill and resume.</summary>
[Collection(ProcessesCollection.Name)]
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
        Assert.True(list.Exit == 0, list.Out + list.Err);
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

    /// <summary>
    /// A 3 s time budget on trials of 10 s: no trial starts after it, the two running stop at their next epoch
    /// (pruned, "time budget"), and the sweep ends completed with that reason in run, show, list and show --json.
    /// </summary>
    [Fact]
    public async Task A_time_budget_ends_the_sweep_completed_and_stops_the_running_trials_at_their_next_epoch()
    {
        var file = _work.Sweep("e2e-budget", """
              seed = 3
              model = synthetic
              synthetic { epoch-seconds = 0.2 }
              epochs = 50
              trials = 40
              concurrency = 2
              time-budget = 3s
              space {
                learning-rate { scale = log, min = 1e-4, max = 1 }
              }
            """);
        var run = await ActorTuneProcess.RunAsync(_work.Directory, "run", file);
        Assert.True(run.Exit == 0, run.Out + run.Err);
        Assert.Contains("sweep e2e-budget completed (time budget)", run.Out);

        var json = ShowJson((await ActorTuneProcess.RunAsync(_work.Directory, "show", "e2e-budget", "--json")).Out);
        Assert.Equal("completed", json.GetProperty("status").GetString());
        Assert.Equal("time budget", json.GetProperty("reason").GetString());
        Assert.True(json.GetProperty("running_seconds").GetDouble() >= 3);
        var trials = json.GetProperty("trials").EnumerateArray().ToList();
        Assert.InRange(trials.Count, 1, 39);
        Assert.All(trials, t =>
        {
            Assert.Equal("pruned", t.GetProperty("status").GetString());
            Assert.Equal("time budget", t.GetProperty("reason").GetString());
            Assert.InRange(t.GetProperty("epochs").GetArrayLength(), 1, 49);
        });

        var show = await ActorTuneProcess.RunAsync(_work.Directory, "show", "e2e-budget");
        Assert.Contains("completed (time budget)", show.Out);
        var list = await ActorTuneProcess.RunAsync(_work.Directory, "list");
        Assert.Contains("completed (time budget)", list.Out);
    }

    /// <summary>The budget's clock is the sweep's running time: an interrupted sweep has written what it used, for the resume to continue.</summary>
    [Fact]
    public async Task An_interrupted_sweep_keeps_the_time_it_used_of_its_budget()
    {
        var file = SlowSweep("e2e-budget-clock", trials: 4, epochs: 16, epochSeconds: 0.25);
        File.WriteAllText(file, File.ReadAllText(file).Replace("concurrency = 2", "concurrency = 2\n  time-budget = 10m"));
        using (var first = ActorTuneProcess.Start(_work.Directory, "run", file))
        {
            await first.WaitForOutputAsync(o => o.Contains(" started"), TimeSpan.FromMinutes(2));
            await Task.Delay(TimeSpan.FromSeconds(1)); // some time to count, not an assertion
            first.Signal("INT");
            Assert.Equal(130, await first.WaitAsync(TimeSpan.FromSeconds(20)));
        }
        var json = ShowJson((await ActorTuneProcess.RunAsync(_work.Directory, "show", "e2e-budget-clock", "--json")).Out);
        Assert.Equal(600, json.GetProperty("time_budget_seconds").GetDouble());
        Assert.True(json.GetProperty("running_seconds").GetDouble() >= 0.5, json.GetRawText());
    }

    [Fact]
    public async Task Unknown_sweeps_and_bad_usage_exit_2()
    {
        Assert.Equal(2, (await ActorTuneProcess.RunAsync(_work.Directory, "show", "no-such-sweep")).Exit);
        Assert.Equal(2, (await ActorTuneProcess.RunAsync(_work.Directory, "resume", "no-such-sweep")).Exit);
        Assert.Equal(2, (await ActorTuneProcess.RunAsync(_work.Directory, "frobnicate")).Exit);
    }

    /// <summary>
    /// Population-based training changes a trial's hyperparameters mid-run: the best, every trial's best_params and
    /// every exported epoch carry the configuration that epoch trained with (the proposal, or the newest change
    /// in its schedule before that epoch), not the proposal.
    /// </summary>
    [Fact]
    public async Task Pbt_reports_every_epoch_and_the_best_with_the_configuration_it_trained_with()
    {
        var file = _work.Sweep("e2e-pbt", """
              seed = 3
              model = synthetic
              synthetic { epoch-seconds = 0.02 }
              epochs = 8
              trials = 4
              concurrency = 4
              scheduler {
                type = pbt
                interval = 2
                quantile = 0.5
                resample = 0
              }
              space {
                learning-rate { scale = log, min = 1e-4, max = 1 }
                beta1 { scale = one-minus-log, min = 0.9, max = 0.999 }
              }
            """);
        var run = await ActorTuneProcess.RunAsync(_work.Directory, "run", file);
        Assert.True(run.Exit == 0, run.Out + run.Err);
        var json = ShowJson((await ActorTuneProcess.RunAsync(_work.Directory, "show", "e2e-pbt", "--json")).Out);
        var trials = json.GetProperty("trials").EnumerateArray().ToDictionary(t => t.GetProperty("id").GetInt32());

        // What the schedule says epoch e trained with: the newest change after an epoch before e, else the proposal.
        static string ConfigAt(JsonElement trial, int epoch)
        {
            var config = trial.GetProperty("params");
            if (trial.TryGetProperty("schedule", out var schedule))
            {
                foreach (var change in schedule.EnumerateArray().Where(c => c.GetProperty("epoch").GetInt32() < epoch))
                {
                    config = change.GetProperty("params");
                }
            }
            return Canonical(config);
        }

        var changed = trials.Values.Where(t => t.TryGetProperty("schedule", out _)).ToList();
        Assert.True(changed.Count > 0, "PBT exploited no trial: " + run.Out);
        Assert.Contains(changed, t => Canonical(t.GetProperty("best_params")) != Canonical(t.GetProperty("params")));
        foreach (var trial in trials.Values)
        {
            Assert.Equal(ConfigAt(trial, trial.GetProperty("best_epoch").GetInt32()), Canonical(trial.GetProperty("best_params")));
            Assert.Equal(ConfigAt(trial, int.MaxValue), Canonical(trial.GetProperty("final_params")));
        }
        var best = json.GetProperty("best");
        var bestParams = best.GetProperty("params");
        Assert.Equal(Canonical(trials[best.GetProperty("trial").GetInt32()].GetProperty("best_params")), Canonical(bestParams));
        foreach (var param in bestParams.EnumerateObject())
        {
            Assert.Contains($"  {param.Name} = {param.Value.GetDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture)}", run.Out);
        }

        var export = await ActorTuneProcess.RunAsync(_work.Directory, "export", "e2e-pbt", "--format", "json", "--epochs");
        Assert.True(export.Exit == 0, export.Err);
        var rows = JsonDocument.Parse(export.Out).RootElement.EnumerateArray().ToList();
        Assert.Equal(trials.Values.Sum(t => t.GetProperty("epochs").GetArrayLength()), rows.Count);
        foreach (var row in rows)
        {
            var columns = JsonDocument.Parse("{" + string.Join(",", row.EnumerateObject().Where(p => p.Name is "learning-rate" or "beta1")
                .Select(p => $"\"{p.Name}\":{p.Value.GetRawText()}")) + "}").RootElement;
            Assert.Equal(ConfigAt(trials[row.GetProperty("trial").GetInt32()], row.GetProperty("epoch").GetInt32()), Canonical(columns));
        }
    }

    /// <summary>A sweep in which nothing was measured is not a result: exit 1, status failed with the first reason, no best.</summary>
    [Fact]
    public async Task A_sweep_whose_every_trial_failed_exits_1_and_is_shown_as_failed()
    {
        var file = _work.Sweep("e2e-failing", """
              model = synthetic
              synthetic { fail-at-epoch = 1 }
              epochs = 3
              trials = 4
              concurrency = 2
              space {
                learning-rate { scale = log, min = 1e-4, max = 1 }
              }
            """);
        var run = await ActorTuneProcess.RunAsync(_work.Directory, "run", file);
        Assert.True(run.Exit == 1, run.Out + run.Err);
        Assert.Contains("sweep e2e-failing failed", run.Out);
        Assert.Contains("synthetic failure at epoch 1", run.Out);
        Assert.DoesNotContain("best: trial", run.Out);

        var list = await ActorTuneProcess.RunAsync(_work.Directory, "list");
        Assert.Equal(0, list.Exit);
        Assert.Matches(@"e2e-failing\s+failed\s", list.Out);
        var show = await ActorTuneProcess.RunAsync(_work.Directory, "show", "e2e-failing");
        Assert.Contains("failed (trial ", show.Out);
        var json = ShowJson((await ActorTuneProcess.RunAsync(_work.Directory, "show", "e2e-failing", "--json")).Out);
        Assert.Equal("failed", json.GetProperty("status").GetString());
        Assert.Contains("synthetic failure at epoch 1", json.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("best").ValueKind);
    }

    /// <summary>
    /// The hints printed when a sweep stops (continue with …) or its name is taken name the database it is in: pasted
    /// into a shell in another directory, with a space in the database's path, the hint resumes the sweep.
    /// </summary>
    [Fact]
    public async Task The_resume_hint_names_the_database_and_works_when_pasted()
    {
        var database = Path.Combine(_work.Directory, "my sweeps", "hint.db");
        var file = SlowSweep("e2e-hint", trials: 6, epochs: 20, epochSeconds: 0.05);
        string hint;
        using (var first = ActorTuneProcess.Start(_work.Directory, "run", file, "--db", database))
        {
            await first.WaitForOutputAsync(o => o.Contains(" completed"), TimeSpan.FromMinutes(2));
            first.Signal("INT");
            Assert.Equal(130, await first.WaitAsync(TimeSpan.FromSeconds(20)));
            hint = HintIn(first.Error);
        }
        Assert.Equal($"actortune resume e2e-hint --db '{database}'", hint);
        var elsewhere = Directory.CreateDirectory(Path.Combine(_work.Directory, "elsewhere")).FullName;
        var resume = await ActorTuneProcess.RunAsync(elsewhere, await PastedAsync(hint));
        Assert.True(resume.Exit == 0, resume.Out + resume.Err);
        Assert.Contains("resuming e2e-hint", resume.Out);

        var again = await ActorTuneProcess.RunAsync(_work.Directory, "run", file, "--db", database);
        Assert.Equal(2, again.Exit);
        Assert.Contains("already exists", again.Err);
        Assert.Equal(hint, HintIn(again.Err));
    }

    /// <summary>A params object as "name=value;…", whatever the indentation it was printed with.</summary>
    private static string Canonical(JsonElement parameters) =>
        string.Join(";", parameters.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => $"{p.Name}={p.Value.GetRawText()}"));

    private static string HintIn(string text)
    {
        var match = System.Text.RegularExpressions.Regex.Match(text, "`(actortune [^`]*)`");
        Assert.True(match.Success, text);
        return match.Groups[1].Value;
    }

    /// <summary>The arguments a POSIX shell makes of the hint (its words after "actortune"), as if it were pasted.</summary>
    private static async Task<string[]> PastedAsync(string hint)
    {
        var info = new System.Diagnostics.ProcessStartInfo("sh") { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("printf '%s\\n' " + hint["actortune ".Length..]);
        using var shell = System.Diagnostics.Process.Start(info)!;
        var output = await shell.StandardOutput.ReadToEndAsync();
        await shell.WaitForExitAsync();
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
