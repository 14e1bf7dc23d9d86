using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using ActorTune.Actors.Persistence;
using ActorTune.Model.Events;
using Microsoft.Data.Sqlite;

namespace ActorTune.Host.Tests;

/// <summary>A real cluster on 127.0.0.1: a coordinator process and worker processes, one of them killed mid-sweep.</summary>
public sealed partial class ClusterTests : IDisposable
{
    private readonly Workspace _work = new();

    public void Dispose() => _work.Dispose();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"worker (127\.0\.0\.1:\d+): joined")]
    private static partial Regex Joined();

    private static async Task<string> NodeOf(ActorTuneProcess worker)
    {
        await worker.WaitForOutputAsync(o => Joined().IsMatch(o), TimeSpan.FromMinutes(1));
        return Joined().Match(worker.Output).Groups[1].Value;
    }

    /// <summary>The sweep's events, read straight from the journal table.</summary>
    private static List<SweepEvent> Events(string database, string sweep)
    {
        using var connection = new SqliteConnection($"Data Source={database}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT manifest, message FROM journal WHERE persistence_id = $id ORDER BY sequence_number";
        command.Parameters.AddWithValue("$id", $"sweep-{sweep}");
        using var reader = command.ExecuteReader();
        var events = new List<SweepEvent>();
        while (reader.Read())
        {
            events.Add((SweepEvent)SweepEventSerializer.Read((byte[])reader["message"], (string)reader["manifest"]));
        }
        return events;
    }

    /// <summary>The most trials each node ran at once, from the log: an attempt runs from its start to its end or the next attempt.</summary>
    private static Dictionary<string, int> MostAtOnce(IEnumerable<SweepEvent> events)
    {
        var running = new Dictionary<int, string>();
        var most = new Dictionary<string, int>();
        foreach (var e in events)
        {
            switch (e)
            {
                case TrialStarted started:
                    running[started.TrialId] = started.Node;
                    break;
                case TrialEnded ended:
                    running.Remove(ended.TrialId);
                    break;
                default:
                    continue;
            }
            foreach (var group in running.Values.GroupBy(n => n))
            {
                most[group.Key] = Math.Max(most.GetValueOrDefault(group.Key), group.Count());
            }
        }
        return most;
    }

    [Fact]
    public async Task Workers_share_the_trials_a_killed_one_costs_nothing_and_a_late_one_gets_work()
    {
        var port = FreePort();
        var seed = $"127.0.0.1:{port}";
        var file = _work.Sweep("cluster", """
              seed = 3
              model = synthetic
              synthetic { epoch-seconds = 0.15 }
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

        // Once a few trials are done, worker A dies mid-trial; worker C joins afterwards.
        await coordinator.WaitForOutputAsync(o => Regex.Matches(o, " completed: ").Count >= 4, TimeSpan.FromMinutes(1));
        a.Signal("KILL");
        await a.WaitAsync(TimeSpan.FromSeconds(20));
        using var c = ActorTuneProcess.Start(_work.Directory, "worker", "--seed", seed, "--slots", "2");
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

        var events = Events(Path.Combine(_work.Directory, "actortune.db"), "cluster");
        var nodes = events.OfType<TrialStarted>().Select(s => s.Node).ToHashSet();
        Assert.Contains(nodeA, nodes);
        Assert.Contains(nodeB, nodes);
        Assert.Contains(nodeC, nodes); // joined late, still got work
        Assert.Equal(40, events.OfType<TrialEnded>().Count()); // every trial finished exactly once
        var most = MostAtOnce(events);
        Assert.True(most.GetValueOrDefault(nodeB) <= 2 && most.GetValueOrDefault(nodeC) <= 2 && most.GetValueOrDefault($"127.0.0.1:{port}") <= 1,
            string.Join(", ", most.Select(m => $"{m.Key}: {m.Value}")));
        // The trials the killed worker was running started again elsewhere and continued from their checkpoints.
        var moved = events.OfType<TrialStarted>().Where(s => s.Attempt > 1).ToList();
        Assert.NotEmpty(moved);
        Assert.All(moved, s => Assert.NotEqual(nodeA, s.Node));
    }
}
