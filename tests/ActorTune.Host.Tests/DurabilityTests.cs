using System.Text.Json;
using System.Text.Json.Nodes;
using ActorTune.Tests.Shared;

namespace ActorTune.Host.Tests;

/// <summary>
/// Exact resume through the real executable: a sweep SIGKILLed at random moments and resumed ends with the same
/// trial table as an uninterrupted run, on SQLite and on PostgreSQL; a second process is refused while one runs.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DurabilityTests(PostgresServer postgres, Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private readonly Workspace _work = new();

    public void Dispose() => _work.Dispose();

    /// <summary>
    /// MLPs big enough that a trial spans many epochs of a few milliseconds each. Each kill lands within 0.4 s of a
    /// trial's start, so a few seconds of training outlast all three: two waves of two trials, ten epochs each, are
    /// plenty (25 epochs of 6 trials took a minute per backend for nothing more).
    /// </summary>
    private string DigitsSweep(string name) => _work.Sweep(name, $$"""
          seed = 17
          data {
            path = "{{ActorTuneProcess.DigitsPath}}"
          }
          model = mlp
          epochs = 10
          trials = 4
          concurrency = 2
          space {
            learning-rate { scale = log, min = 1e-3, max = 3e-2 }
            hidden-units  { scale = int, min = 48, max = 96 }
            batch-size    = 16
            layers        = 2
            optimizer     { values = [adam, momentum] }
          }
        """);

    private string Database(string backend, string name) => backend switch
    {
        "sqlite" => Path.Combine(_work.Directory, $"{name}.db"),
        _ => postgres.CreateDatabase(),
    };

    /// <summary>The parts of show --json that must be identical: everything but clock times, durations, nodes and attempt counts.</summary>
    private static string Comparable(string showJson)
    {
        var root = JsonNode.Parse(showJson)!.AsObject();
        root.Remove("status");
        root.Remove("defined_at");
        root.Remove("completed_at");
        foreach (var trial in root["trials"]!.AsArray().Select(t => t!.AsObject()))
        {
            trial.Remove("started_at");
            trial.Remove("ended_at");
            trial.Remove("attempts");
            trial.Remove("resumed_from");
            trial.Remove("node");
            foreach (var epoch in trial["epochs"]!.AsArray())
            {
                epoch!.AsObject().Remove("seconds");
            }
        }
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_sweep_killed_at_random_moments_ends_exactly_like_an_uninterrupted_one(string backend)
    {
        Skip.If(backend == "postgres" && !postgres.Available, postgres.Unavailable);
        var file = DigitsSweep("exact");
        var straightDb = Database(backend, "straight");
        var straight = await ActorTuneProcess.RunAsync(_work.Directory, "run", file, "--db", straightDb);
        Assert.True(straight.Exit == 0, straight.Out + straight.Err);
        var expected = (await ActorTuneProcess.RunAsync(_work.Directory, "show", "exact", "--db", straightDb, "--json")).Out;

        var killedDb = Database(backend, "killed");
        var seed = TestSeed.Next();
        output.WriteLine(TestSeed.Describe(seed));
        var random = new Random(seed);
        var restarted = 0;
        for (var kill = 0; kill < 3; kill++)
        {
            using var process = kill == 0
                ? ActorTuneProcess.Start(_work.Directory, "run", file, "--db", killedDb)
                : ActorTuneProcess.Start(_work.Directory, "resume", "exact", "--db", killedDb);
            // Kill once some trials have started, at a random further delay: mid-epoch, mid-write, anywhere.
            await process.WaitForOutputAsync(o => o.Contains("started"), TimeSpan.FromMinutes(2));
            await Task.Delay(random.Next(0, 400));
            process.Signal("KILL");
            await process.WaitAsync(TimeSpan.FromSeconds(30));
            restarted++;
        }
        var last = await ActorTuneProcess.RunAsync(_work.Directory, "resume", "exact", "--db", killedDb);
        Assert.True(last.Exit == 0, last.Out + last.Err);
        var actual = (await ActorTuneProcess.RunAsync(_work.Directory, "show", "exact", "--db", killedDb, "--json")).Out;

        Assert.Equal(Comparable(expected), Comparable(actual)); // the seed is in the test's output
        var trials = JsonDocument.Parse(actual).RootElement.GetProperty("trials").EnumerateArray().ToList();
        Assert.Equal(4, trials.Count);
        Assert.All(trials, t => Assert.Equal(Enumerable.Range(1, 10), t.GetProperty("epochs").EnumerateArray().Select(e => e.GetProperty("epoch").GetInt32())));
        Assert.Equal(3, restarted);
    }

    [Fact]
    public async Task A_second_process_is_refused_while_one_runs_the_sweep_and_takes_over_once_it_is_killed()
    {
        var file = _work.Sweep("leased", """
              model = synthetic
              synthetic { epoch-seconds = 0.05 }
              epochs = 400
              trials = 4
              concurrency = 2
              space {
                learning-rate { scale = log, min = 1e-4, max = 1 }
              }
            """);
        using var first = ActorTuneProcess.Start(_work.Directory, "run", file);
        await first.WaitForOutputAsync(o => o.Contains("started"), TimeSpan.FromMinutes(2));

        var second = await ActorTuneProcess.RunAsync(_work.Directory, "resume", "leased");
        Assert.Equal(1, second.Exit);
        Assert.Contains($"sweep 'leased' is running in process {first.Id} on {Environment.MachineName}", second.Err);
        var list = await ActorTuneProcess.RunAsync(_work.Directory, "list");
        Assert.True(list.Out.Contains("running"), $"exit {list.Exit}: {list.Out}{list.Err}");

        first.Signal("KILL");
        await first.WaitAsync(TimeSpan.FromSeconds(30));
        var listed = await ActorTuneProcess.RunAsync(_work.Directory, "list");
        Assert.Contains("interrupted", listed.Out);
        using var third = ActorTuneProcess.Start(_work.Directory, "resume", "leased");
        await third.WaitForOutputAsync(o => o.Contains("trial") && o.Contains("started"), TimeSpan.FromMinutes(1));
        third.Signal("INT");
        Assert.Equal(130, await third.WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
