using System.Text.Json;
using ActorTune.Model.Events;
using ActorTune.Tests.Shared;

namespace ActorTune.Host.Tests;

/// <summary>
/// ActorTune as a library, through real processes: the example program (examples/library) tunes its define-by-run
/// objective, is SIGKILLed mid-sweep and run again, and the command shows the sweep; an objective type named in a
/// sweep file runs under <c>actortune run</c>.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class LibraryProgramTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    /// <summary>The example in its own output directory, with its own dependencies (the build configuration of these tests).</summary>
    private static string Program => Path.Combine(ActorTuneProcess.RepositoryRoot, "examples", "library", "bin",
        new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name, "net10.0", "ActorTune.Examples.Library.dll");
    private readonly Workspace _work = new();

    public void Dispose() => _work.Dispose();

    [Fact]
    public async Task A_library_sweep_killed_mid_trial_resumes_from_the_trials_checkpoint_and_ends_with_every_trial_once()
    {
        var seed = TestSeed.Next();
        output.WriteLine(TestSeed.Describe(seed));
        var durable = 1 + new Random(seed).Next(2); // epochs of a running trial in the log (and checkpointed) before the kill
        var database = Path.Combine(_work.Directory, "tune.db");
        int killed;
        using (var first = ActorTuneProcess.StartProgram(Program, _work.Directory, database, "killed", "300"))
        {
            killed = await RunningTrialWithCheckpointAsync(first, database, durable);
            first.Signal("KILL");
            await first.WaitAsync(TimeSpan.FromSeconds(30));
        }
        output.WriteLine($"killed while trial {killed} ran with at least {durable} epoch(s) durable");
        string again;
        using (var second = ActorTuneProcess.StartProgram(Program, _work.Directory, database, "killed", "0"))
        {
            Assert.Equal(0, await second.WaitAsync(TimeSpan.FromMinutes(2)));
            again = second.Output;
        }
        output.WriteLine(again);
        // The killed trial saw its checkpoint through the API and continued after it.
        Assert.Matches($@"trial {killed} resumed after epoch [1-6] from its checkpoint", again);
        Assert.DoesNotContain($"trial {killed} epoch 1 ", again);
        Assert.Contains("best trial ", again);

        var show = await ActorTuneProcess.RunAsync(_work.Directory, "show", "killed", "--db", "tune.db", "--json");
        Assert.True(show.Exit == 0, show.Err);
        var root = JsonDocument.Parse(show.Out).RootElement;
        Assert.Equal("completed", root.GetProperty("status").GetString());
        var trials = root.GetProperty("trials").EnumerateArray().ToList();
        Assert.Equal([1, 2, 3, 4, 5, 6], trials.Select(t => t.GetProperty("id").GetInt32()).Order());
        Assert.All(trials, t =>
        {
            Assert.Equal("completed", t.GetProperty("status").GetString());
            Assert.Equal([1, 2, 3, 4, 5, 6], t.GetProperty("epochs").EnumerateArray().Select(e => e.GetProperty("epoch").GetInt32()));
        });
        var one = trials.Single(t => t.GetProperty("id").GetInt32() == killed);
        Assert.True(one.GetProperty("resumed_from").GetInt32() > 0);
        Assert.True(one.GetProperty("attempts").GetInt32() == 2);
    }

    /// <summary>A trial that is running with at least <paramref name="epochs"/> epochs in the log and a checkpoint stored.</summary>
    private static async Task<int> RunningTrialWithCheckpointAsync(ActorTuneProcess process, string database, int epochs)
    {
        var deadline = DateTime.UtcNow + TestTime.Scaled(TimeSpan.FromMinutes(2));
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(process.HasExited, process.Output + process.Error);
            try
            {
                var events = SweepLog.Events(database, "killed");
                var ended = events.OfType<TrialEnded>().Select(e => e.TrialId).ToHashSet();
                // The log lags the program a little: the trial must also be live with epochs to go (by the program's own output).
                // A resume continues from a checkpoint the log has reached (the newest two are kept): one must be stored.
                var running = events.OfType<EpochReported>().Where(e => !ended.Contains(e.TrialId) && e.Epoch >= epochs)
                    .GroupBy(e => e.TrialId).Select(g => (Trial: g.Key, Logged: g.Max(e => e.Epoch)))
                    .Where(t => LiveEpoch(process.Output, t.Trial) <= 4 && SweepLog.CheckpointEpochs(database, "killed", t.Trial, t.Logged) > 0)
                    .Select(t => t.Trial).ToList();
                if (running.Count > 0)
                {
                    return running[0];
                }
            }
            catch (Microsoft.Data.Sqlite.SqliteException)
            {
                // The tables do not exist yet.
            }
            await Task.Delay(25);
        }
        throw new TimeoutException("no trial was caught running with a checkpoint");
    }

    private static int LiveEpoch(string output, int trial) =>
        System.Text.RegularExpressions.Regex.Matches(output, $@"^trial {trial} epoch (\d+) ", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();

    [Fact]
    public async Task Show_lists_the_parameters_a_library_sweep_declared_as_its_objective_asked_and_resume_points_to_the_program()
    {
        var run = ActorTuneProcess.StartProgram(Program, _work.Directory, "tune.db", "declared");
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromMinutes(2)));
        run.Dispose();

        var show = await ActorTuneProcess.RunAsync(_work.Directory, "show", "declared", "--db", "tune.db", "--json");
        var root = JsonDocument.Parse(show.Out).RootElement;
        var space = root.GetProperty("space");
        Assert.Equal("log [0.0001, 1]", space.GetProperty("learning-rate").GetString());
        Assert.Equal("int [1, 3]", space.GetProperty("layers").GetString());
        Assert.Equal("int [8, 128]", space.GetProperty("units-1").GetString());
        Assert.All(root.GetProperty("trials").EnumerateArray(), t =>
        {
            var parameters = t.GetProperty("params");
            var layers = parameters.GetProperty("layers").GetInt32();
            Assert.All(Enumerable.Range(1, layers), i => Assert.InRange(parameters.GetProperty($"units-{i}").GetInt32(), 8, 128));
        });
        var table = await ActorTuneProcess.RunAsync(_work.Directory, "show", "declared", "--db", "tune.db");
        Assert.Contains("units-1", table.Out);

        var resume = await ActorTuneProcess.RunAsync(_work.Directory, "resume", "declared", "--db", "tune.db");
        Assert.Equal(2, resume.Exit);
        Assert.Contains("runs an objective defined in code", resume.Err);
    }

    [Fact]
    public async Task An_objective_type_named_in_a_sweep_file_runs_under_actortune_run_with_its_conditional_space()
    {
        var assembly = typeof(ActorTune.Examples.Plugin.BowlObjective).Assembly.Location;
        var file = _work.Sweep("bowl", $$"""
              seed = 4
              model = "ActorTune.Examples.Plugin.BowlObjective, ActorTune.Examples.Plugin"
              assembly = "{{assembly}}"
              metric = val_loss
              goal = min
              epochs = 3
              trials = 8
              concurrency = 2
              strategy { type = tpe, startup = 4 }
              space {
                x { scale = linear, min = -5, max = 5 }
              }
            """);
        var run = await ActorTuneProcess.RunAsync(_work.Directory, "run", file);
        Assert.True(run.Exit == 0, run.Out + run.Err);
        var root = JsonDocument.Parse((await ActorTuneProcess.RunAsync(_work.Directory, "show", "bowl", "--json")).Out).RootElement;
        Assert.Equal("values [narrow, wide]", root.GetProperty("space").GetProperty("shape").GetString());
        var trials = root.GetProperty("trials").EnumerateArray().ToList();
        Assert.Equal(8, trials.Count(t => t.GetProperty("status").GetString() == "completed"));
        Assert.All(trials, t => Assert.Equal(3, t.GetProperty("epochs").GetArrayLength()));
        Assert.All(trials.Where(t => t.GetProperty("params").GetProperty("shape").GetString() == "wide"),
            t => Assert.InRange(t.GetProperty("params").GetProperty("y").GetDouble(), -5, 5));
    }
}
