using System.Text.Json;
using System.Text.RegularExpressions;
using ActorTune.Model.Events;
using ActorTune.Model.State;
using ActorTune.Tests.Shared;

namespace ActorTune.Host.Tests;

/// <summary>A real cluster on 127.0.0.1: a coordinator process and worker processes, one of them killed mid-sweep.</summary>
[Collection(ProcessesCollection.Name)]
public sealed partial class ClusterTests : IDisposable
{
    private readonly Workspace _work = new();

    public void Dispose() => _work.Dispose();

    [GeneratedRegex(@"worker (127\.0\.0\.1:\d+): joined")]
    private static partial Regex Joined();

    private static async Task<string> NodeOf(ActorTuneProcess worker)
    {
        await worker.WaitForOutputAsync(o => Joined().IsMatch(o), TimeSpan.FromMinutes(1));
        return Joined().Match(worker.Output).Groups[1].Value;
    }

    /// <summary>A trial runs on <paramref name="node"/> with at least a second of its 3 s left (2 to 6 of 10 epochs done).</summary>
    private static bool MidTrialOn(List<SweepEvent> events, string node)
    {
        var ended = events.OfType<TrialEnded>().Select(e => (e.TrialId, e.Attempt)).ToHashSet();
        return events.OfType<TrialStarted>().Where(s => s.Node == node && !ended.Contains((s.TrialId, s.Attempt)))
            .Any(s => events.OfType<EpochReported>().Count(e => e.TrialId == s.TrialId && e.Attempt == s.Attempt) is >= 2 and <= 6);
    }

    [Fact]
    public async Task Workers_share_the_trials_a_killed_one_costs_nothing_and_a_late_one_gets_work()
    {
        var port = LoopbackPort.Free();
        var seed = $"127.0.0.1:{port}";
        var file = _work.Sweep("cluster", """
              seed = 3
              model = synthetic
              synthetic { epoch-seconds = 0.3 }
              epochs = 10
              trials = 40
              concurrency = 1
              space {
                learning-rate { scale = log, min = 1e-4, max = 1 }
              }
            """);
        using var coordinator = ActorTuneProcess.Start(_work.Directory, "run", file, "--cluster", "--port", port.ToString(), "--slots", "1");
        await coordinator.WaitForOutputAsync(o => o.Contains("coordinator 127.0.0.1"), TimeSpan.FromMinutes(1));
        using var a = ActorTuneProcess.Start(_work.Directory, "worker", "--seed", seed, "--slots", "2");
        using var b = ActorTuneProcess.Start(_work.Directory, "worker", "--seed", seed, "--slots", "2");
        var (nodeA, nodeB) = (await NodeOf(a), await NodeOf(b));

        // Once a few trials are done, worker A dies mid-trial and worker C starts: 40 trials of 3 s on 5 slots leave
        // ~20 s of work for C to join into (with 1.5 s trials a loaded machine ended the sweep before C was up).
        await coordinator.WaitForOutputAsync(o => Regex.Matches(o, " completed: ").Count >= 4, TimeSpan.FromMinutes(1));
        // Killed mid-trial: trials of equal length end in waves, and a kill just after a wave found A running nothing.
        var database = Path.Combine(_work.Directory, "actortune.db");
        await coordinator.WaitForOutputAsync(_ => MidTrialOn(SweepLog.Events(database, "cluster"), nodeA), TimeSpan.FromMinutes(1));
        using var c = ActorTuneProcess.Start(_work.Directory, "worker", "--seed", seed, "--slots", "2");
        a.Signal("KILL");
        await a.WaitAsync(TimeSpan.FromSeconds(20));
        var nodeC = await NodeOf(c);

        Assert.True(await coordinator.WaitAsync(TimeSpan.FromMinutes(3)) == 0, coordinator.Output + coordinator.Error);
        var show = JsonDocument.Parse((await ActorTuneProcess.RunAsync(_work.Directory, "show", "cluster", "--json")).Out).RootElement;
        var trials = show.GetProperty("trials").EnumerateArray().ToList();
        Assert.Equal("completed", show.GetProperty("status").GetString());
        Assert.Equal(40, trials.Count);
        Assert.All(trials, t =>
        {
            Assert.Equal("completed", t.GetProperty("status").GetString());
            Assert.Equal(Enumerable.Range(1, 10), t.GetProperty("epochs").EnumerateArray().Select(e => e.GetProperty("epoch").GetInt32()));
        });

        var events = SweepLog.Events(Path.Combine(_work.Directory, "actortune.db"), "cluster");
        var nodes = events.OfType<TrialStarted>().Select(s => s.Node).ToHashSet();
        Assert.Contains(nodeA, nodes);
        Assert.Contains(nodeB, nodes);
        Assert.Contains(nodeC, nodes); // joined late, still got work
        Assert.Equal(40, events.OfType<TrialEnded>().Count()); // every trial finished exactly once
        var most = SweepLog.MostAtOnce(events);
        Assert.True(most.GetValueOrDefault(nodeB) <= 2 && most.GetValueOrDefault(nodeC) <= 2 && most.GetValueOrDefault($"127.0.0.1:{port}") <= 1,
            string.Join(", ", most.Select(m => $"{m.Key}: {m.Value}")));
        // The trials the killed worker was running started again elsewhere and continued from their checkpoints.
        var moved = events.OfType<TrialStarted>().Where(s => s.Attempt > 1).ToList();
        Assert.NotEmpty(moved);
        Assert.All(moved, s => Assert.NotEqual(nodeA, s.Node));
    }

    [Fact]
    public async Task A_coordinator_with_min_workers_starts_the_sweep_once_they_have_joined()
    {
        var port = LoopbackPort.Free();
        var file = _work.Sweep("waits", """
              seed = 5
              model = synthetic
              synthetic { epoch-seconds = 0.2 }
              epochs = 3
              trials = 6
              concurrency = 1
              space {
                learning-rate { scale = log, min = 1e-4, max = 1 }
              }
            """);
        using var coordinator = ActorTuneProcess.Start(_work.Directory, "run", file, "--cluster", "--port", port.ToString(), "--min-workers", "1");
        await coordinator.WaitForOutputAsync(o => o.Contains("waiting for 1 worker to join"), TimeSpan.FromMinutes(1));
        Assert.DoesNotContain("the sweep starts", coordinator.Output);
        using var worker = ActorTuneProcess.Start(_work.Directory, "worker", "--seed", $"127.0.0.1:{port}", "--slots", "2");
        var node = await NodeOf(worker);
        Assert.True(await coordinator.WaitAsync(TimeSpan.FromMinutes(3)) == 0, coordinator.Output + coordinator.Error);
        Assert.Contains("1 worker joined; the sweep starts", coordinator.Output);

        var events = SweepLog.Events(Path.Combine(_work.Directory, "actortune.db"), "waits");
        Assert.Equal(6, events.OfType<TrialEnded>().Count(e => e.Status == TrialStatus.Completed));
        Assert.Contains(node, events.OfType<TrialStarted>().Select(s => s.Node));
    }

    [Fact]
    public async Task With_the_live_view_up_akka_warnings_go_to_the_log_file_not_over_the_table()
    {
        // Two nodes, one lost: keep-majority keeps the side with the lowest address on a tie, so the coordinator
        // takes the lower port (as 4053 is below a worker's ephemeral one), or it would down itself half the time.
        var (port, workerPort) = (LoopbackPort.Free(), LoopbackPort.Free());
        while (workerPort == port)
        {
            workerPort = LoopbackPort.Free();
        }
        (port, workerPort) = (Math.Min(port, workerPort), Math.Max(port, workerPort));
        var file = _work.Sweep("live-cluster", """
              seed = 3
              model = synthetic
              synthetic { epoch-seconds = 0.1 }
              epochs = 10
              trials = 12
              concurrency = 1
              space {
                learning-rate { scale = log, min = 1e-4, max = 1 }
              }
            """);
        using var coordinator = ActorTuneProcess.StartWith(_work.Directory, new Dictionary<string, string> { ["ACTORTUNE_LIVE"] = "1" },
            "run", file, "--cluster", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--slots", "1");
        await coordinator.WaitForOutputAsync(o => o.Contains("coordinator 127.0.0.1"), TimeSpan.FromMinutes(1));
        using (var worker = ActorTuneProcess.Start(_work.Directory, "worker", "--seed", $"127.0.0.1:{port}", "--slots", "2",
                   "--port", workerPort.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        {
            await NodeOf(worker);
            // A worker lost mid-sweep: the coordinator's remoting and cluster log warnings about it.
            await worker.WaitForOutputAsync(_ => SweepLog.Events(Path.Combine(_work.Directory, "actortune.db"), "live-cluster")
                .OfType<TrialStarted>().Any(s => s.Node != $"127.0.0.1:{port}"), TimeSpan.FromMinutes(1));
            worker.Signal("KILL");
            await worker.WaitAsync(TimeSpan.FromSeconds(20));
        }

        Assert.True(await coordinator.WaitAsync(TimeSpan.FromMinutes(3)) == 0, coordinator.Output + coordinator.Error);
        Assert.DoesNotContain("[WARNING]", coordinator.Output + coordinator.Error);
        var logs = Directory.GetFiles(_work.Directory, "actortune-run-*.log");
        Assert.Single(logs);
        Assert.Contains("WRN", File.ReadAllText(logs[0]));
    }
}
