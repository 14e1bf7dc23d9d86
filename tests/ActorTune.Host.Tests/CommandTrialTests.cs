using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace ActorTune.Host.Tests;

/// <summary>External programs as trials (model = command), through the real executable and a real python3.</summary>
[Collection(ProcessesCollection.Name)]
public sealed class CommandTrialTests : IDisposable
{
    /// <summary>
    /// One program, five behaviours chosen by the trial's <c>mode</c>: a clean run, a diverging run that stays
    /// alive with a child (the trial ends early, so ActorTune must kill both), a crash with a message on stderr,
    /// a line of garbage, and a hang past the time limit (again with a child). Programs that should be killed
    /// write "pid child-pid" to a file first.
    /// </summary>
    private const string Modes = """
        import json, os, subprocess, sys, time
        mode, epochs, pids = sys.argv[1], int(sys.argv[2]), sys.argv[3]
        print(f"mode {mode}, trial {os.environ['ACTORTUNE_TRIAL']}", file=sys.stderr)

        def stay_alive():
            child = subprocess.Popen(["sleep", "600"])
            with open(os.path.join(pids, mode + ".pids"), "w") as f:
                f.write(f"{os.getpid()} {child.pid}")
            time.sleep(600)

        if mode == "ok":
            for epoch in range(1, epochs + 1):
                print(json.dumps({"epoch": epoch, "val_accuracy": epoch / 10, "val_loss": 1 / epoch}))
        elif mode == "diverge":
            print(json.dumps({"epoch": 1, "val_accuracy": 0.1, "val_loss": float("nan")}))
            stay_alive()
        elif mode == "crash":
            print(json.dumps({"epoch": 1, "val_accuracy": 0.2, "val_loss": 0.9}))
            print("Traceback: boom, out of memory", file=sys.stderr)
            sys.exit(3)
        elif mode == "garbage":
            print(json.dumps({"epoch": 1, "val_accuracy": 0.2, "val_loss": 0.9}))
            print("loss is 0.5 now")
            stay_alive()
        elif mode == "hang":
            stay_alive()
        """;

    private readonly Workspace _work = new();

    public void Dispose() => _work.Dispose();

    [Fact]
    public async Task Every_way_a_program_can_end_ends_its_trial_and_no_process_outlives_it()
    {
        _work.Write("modes.py", Modes);
        var pids = Path.Combine(_work.Directory, "pids");
        Directory.CreateDirectory(pids);
        var file = _work.Sweep("modes", $$"""
              model = command
              command {
                args = ["python3", "modes.py", "${mode}", "${epochs}", "{{pids}}"]
                timeout = 20s
              }
              metric = val_accuracy
              epochs = 3
              trials = 5
              concurrency = 5
              strategy = grid
              space {
                mode = [ok, diverge, crash, garbage, hang]
              }
            """);
        var clock = Stopwatch.StartNew();
        var run = await ActorTuneProcess.RunAsync(_work.Directory, "run", file);
        Assert.True(run.Exit == 0, run.Out + run.Err);
        // The hang ends at the 20 s limit; a program left running would hold the sweep for 600 s. (A 3 s limit
        // failed the "ok" trial on a loaded machine, where python3 alone took longer to start.)
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(300), $"the sweep waited for programs it should have killed ({clock.Elapsed})");

        var show = await ActorTuneProcess.RunAsync(_work.Directory, "show", "modes", "--json");
        var trials = JsonDocument.Parse(show.Out).RootElement.GetProperty("trials").EnumerateArray()
            .ToDictionary(t => t.GetProperty("params").GetProperty("mode").GetString()!);
        string Reason(string mode) => trials[mode].GetProperty("reason").GetString()!;

        Assert.Equal("completed", trials["ok"].GetProperty("status").GetString());
        Assert.Equal([0.1, 0.2, 0.3], trials["ok"].GetProperty("epochs").EnumerateArray().Select(e => e.GetProperty("val_accuracy").GetDouble()));
        Assert.Equal("diverged", trials["diverge"].GetProperty("status").GetString());
        Assert.Equal("failed", trials["crash"].GetProperty("status").GetString());
        Assert.Contains("exited with code 3", Reason("crash"));
        Assert.Contains("boom, out of memory", Reason("crash"));
        Assert.Equal(1, trials["crash"].GetProperty("epochs").GetArrayLength());
        Assert.Equal("failed", trials["garbage"].GetProperty("status").GetString());
        Assert.Contains("line 2 of its output is not an epoch's metrics", Reason("garbage"));
        Assert.Contains("loss is 0.5 now", Reason("garbage"));
        Assert.Equal("failed", trials["hang"].GetProperty("status").GetString());
        Assert.Contains("timed out after 20s", Reason("hang"));

        var crashId = trials["crash"].GetProperty("id").GetInt32().ToString(CultureInfo.InvariantCulture);
        var log = await ActorTuneProcess.RunAsync(_work.Directory, "show", "modes", "--log", crashId);
        Assert.Equal(0, log.Exit);
        Assert.Contains($"mode crash, trial {crashId}", log.Out);
        Assert.Contains("Traceback: boom, out of memory", log.Out);

        foreach (var mode in new[] { "diverge", "garbage", "hang" })
        {
            var ids = File.ReadAllText(Path.Combine(pids, mode + ".pids")).Split(' ').Select(int.Parse).ToList();
            foreach (var pid in ids)
            {
                Assert.False(await StillRunsAsync(pid), $"process {pid} of the {mode} trial outlived its trial");
            }
        }
    }

    [Fact]
    public async Task The_shipped_example_sweep_runs_train_py_to_completion()
    {
        var db = Path.Combine(_work.Directory, "example.db");
        var run = await ActorTuneProcess.RunAsync(ActorTuneProcess.RepositoryRoot, "run", "examples/command/sweep.hocon", "--db", db);
        Assert.True(run.Exit == 0, run.Out + run.Err);
        var show = JsonDocument.Parse((await ActorTuneProcess.RunAsync(_work.Directory, "show", "command-moons", "--db", db, "--json")).Out).RootElement;
        var trials = show.GetProperty("trials").EnumerateArray().ToList();
        Assert.Equal(8, trials.Count);
        Assert.All(trials, t =>
        {
            Assert.Equal("completed", t.GetProperty("status").GetString());
            Assert.Equal(Enumerable.Range(1, 8), t.GetProperty("epochs").EnumerateArray().Select(e => e.GetProperty("epoch").GetInt32()));
        });
        Assert.InRange(show.GetProperty("best").GetProperty("value").GetDouble(), 0.8, 1.0);
        var log = await ActorTuneProcess.RunAsync(_work.Directory, "show", "command-moons", "--db", db, "--log", "1");
        Assert.Contains("hidden units at learning rate", log.Out);
    }

    /// <summary>Alive and not a zombie, within a few seconds' grace (scaled with the machine) for the kill to land.</summary>
    private static async Task<bool> StillRunsAsync(int pid)
    {
        var grace = Stopwatch.StartNew();
        while (grace.Elapsed < ActorTune.Tests.Shared.TestTime.Scaled(TimeSpan.FromSeconds(5)))
        {
            var stat = $"/proc/{pid}/stat";
            string text;
            try
            {
                text = File.ReadAllText(stat);
            }
            catch (IOException)
            {
                return false;
            }
            if (text[(text.LastIndexOf(')') + 2)..].StartsWith('Z'))
            {
                return false;
            }
            await Task.Delay(100);
        }
        return true;
    }

    /// <summary>
    /// A program whose every metric is NaN: its trials diverge, and their checkpoints (whose value is the NaN metric)
    /// are stored like any other; SQLite cannot hold NaN, which used to fail the whole batch with a warning.
    /// </summary>
    [Fact]
    public async Task A_program_that_reports_nan_diverges_and_its_checkpoints_are_stored()
    {
        _work.Write("nan.py", """
            import json, sys
            for epoch in range(1, int(sys.argv[1]) + 1):
                print(json.dumps({"epoch": epoch, "val_accuracy": float("nan"), "val_loss": float("nan")}))
            """);
        var file = _work.Sweep("nan", """
              model = command
              command = ["python3", "nan.py", "${epochs}"]
              metric = val_accuracy
              epochs = 2
              trials = 3
              concurrency = 3
              space {
                learning-rate { scale = log, min = 1e-3, max = 1 }
              }
            """);
        var run = await ActorTuneProcess.RunAsync(_work.Directory, "run", file);
        Assert.True(run.Exit == 0, run.Out + run.Err);
        Assert.DoesNotContain("could not write", run.Out + run.Err);
        Assert.DoesNotContain("Cannot store", run.Out + run.Err);
        var show = JsonDocument.Parse((await ActorTuneProcess.RunAsync(_work.Directory, "show", "nan", "--json")).Out).RootElement;
        Assert.All(show.GetProperty("trials").EnumerateArray(), t => Assert.Equal("diverged", t.GetProperty("status").GetString()));

        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_work.Directory, "actortune.db")}");
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT trial, value FROM actortune_checkpoints WHERE sweep = 'nan' ORDER BY trial";
        using var reader = count.ExecuteReader();
        var stored = new List<int>();
        while (reader.Read())
        {
            stored.Add(reader.GetInt32(0));
            Assert.True(reader.IsDBNull(1), "a NaN value is stored as none");
        }
        Assert.Equal([1, 2, 3], stored);
    }
}
