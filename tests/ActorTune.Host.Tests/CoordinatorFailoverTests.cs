using System.Text.Json;
using System.Text.RegularExpressions;
using ActorTune.Model.Events;
using ActorTune.Tests.Shared;

namespace ActorTune.Host.Tests;

/// <summary>
/// Coordinator loss on PostgreSQL, with real processes on 127.0.0.1: the coordinator is SIGKILLed mid-sweep, the
/// standby coordinator takes over the sweep's singleton and finishes it from the log, the worker carries on.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CoordinatorFailoverTests(PostgresServer postgres) : IDisposable
{
    private readonly Workspace _work = new();

    public void Dispose() => _work.Dispose();

    [SkippableFact]
    public async Task A_standby_coordinator_finishes_the_sweep_of_a_killed_one_with_every_trial_ended_once()
    {
        Skip.If(!postgres.Available, postgres.Unavailable);
        var database = postgres.CreateDatabase();
        var file = _work.Sweep("failover", """
              seed = 3
              model = synthetic
              synthetic { epoch-seconds = 0.1 }
              epochs = 10
              trials = 16
              concurrency = 1
              space {
                learning-rate { scale = log, min = 1e-4, max = 1 }
              }
            """);
        var (first, second) = (LoopbackPort.Free(), LoopbackPort.Free());
        // Both coordinators only coordinate (no slots): every trial runs on the worker, which outlives the first.
        using var active = ActorTuneProcess.Start(_work.Directory, "run", file, "--cluster", "--port", first.ToString(),
            "--slots", "0", "--db", database);
        await active.WaitForOutputAsync(o => o.Contains("coordinator 127.0.0.1"), TimeSpan.FromMinutes(1));
        using var standby = ActorTuneProcess.Start(_work.Directory, "run", file, "--cluster", "--port", second.ToString(),
            "--seed", $"127.0.0.1:{first}", "--slots", "0", "--db", database);
        await standby.WaitForOutputAsync(o => o.Contains("coordinator 127.0.0.1"), TimeSpan.FromMinutes(1));
        using var worker = ActorTuneProcess.Start(_work.Directory, "worker", "--seed", $"127.0.0.1:{first}", "--slots", "2");

        await active.WaitForOutputAsync(o => Regex.Matches(o, " completed: ").Count >= 3, TimeSpan.FromMinutes(1));
        active.Signal("KILL");
        await active.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True(await standby.WaitAsync(TimeSpan.FromMinutes(2)) == 0, standby.Output + standby.Error);
        Assert.Contains("running sweep failover here", standby.Output);
        var show = JsonDocument.Parse((await ActorTuneProcess.RunAsync(_work.Directory, "show", "failover", "--db", database, "--json")).Out).RootElement;
        Assert.Equal("completed", show.GetProperty("status").GetString());
        var trials = show.GetProperty("trials").EnumerateArray().ToList();
        Assert.Equal(16, trials.Count);
        Assert.All(trials, t =>
        {
            Assert.Equal("completed", t.GetProperty("status").GetString());
            Assert.Equal(Enumerable.Range(1, 10), t.GetProperty("epochs").EnumerateArray().Select(e => e.GetProperty("epoch").GetInt32()));
        });
        var events = SweepLog.Events(database, "failover");
        Assert.Equal(16, events.OfType<TrialProposed>().Count()); // the budget, not a trial more
        Assert.Equal(Enumerable.Range(1, 16), events.OfType<TrialEnded>().Select(e => e.TrialId).Order()); // each ended once
        Assert.DoesNotContain(events.OfType<TrialStarted>(), s => s.Node.EndsWith($":{first}", StringComparison.Ordinal)
                                                                 || s.Node.EndsWith($":{second}", StringComparison.Ordinal));
    }
}
