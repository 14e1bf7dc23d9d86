using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using ActorTune.Model.Events;
using ActorTune.Tests.Shared;

namespace ActorTune.Host.Tests;

/// <summary>
/// Several machines on one: Linux network namespaces joined by veth pairs to a bridge (bench/cluster/netns.sh), each
/// with an address from 10.213.7.0/24, a subnet that exists only inside them. A host in one, workers in two others,
/// the client in a fourth; a worker's link is cut mid-sweep and restored. Every namespace is deleted at the end,
/// failure or not. Skipped, with the reason, where namespaces cannot be made (not root, no iproute2).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed partial class NetworkNamespaceTests : IDisposable
{
    private const string Subnet = "10.213.7";
    private readonly Workspace _work = new();
    private readonly string _prefix = $"at{Environment.ProcessId % 10000}{Random.Shared.Next(0x100, 0xfff):x}";

    public void Dispose() => _work.Dispose();

    [GeneratedRegex(@"worker (10\.213\.7\.\d+:\d+): joined")]
    private static partial Regex Joined();

    private static (int Exit, string Output) Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        try
        {
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output.Result + error);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }

    private static string Rig => Path.Combine(ActorTuneProcess.RepositoryRoot, "bench", "cluster", "netns.sh");

    private string Ns(string node) => $"{_prefix}-{node}";

    [SkippableFact]
    public async Task A_sweep_from_the_client_namespace_runs_on_workers_in_theirs_and_survives_a_cut_link()
    {
        RigUpOrSkip();
        var processes = new List<ActorTuneProcess>();
        try
        {
            var file = _work.Sweep("netns", """
                  seed = 11
                  model = synthetic
                  synthetic { epoch-seconds = 0.1 }
                  epochs = 20
                  trials = 12
                  concurrency = 2
                  space {
                    learning-rate { scale = log, min = 1e-4, max = 1 }
                  }
                """);
            var host = ActorTuneProcess.StartIn(Ns("host"), _work.Directory, "host", "--bind", $"{Subnet}.10", "--port", "4053", "--slots", "0");
            processes.Add(host);
            await host.WaitForOutputAsync(o => o.Contains($"ActorTune host on {Subnet}.10:4053"), TimeSpan.FromMinutes(1));
            var w1 = ActorTuneProcess.StartIn(Ns("w1"), _work.Directory, "worker", "--bind", $"{Subnet}.11", "--seed", $"{Subnet}.10:4053", "--slots", "2");
            var w2 = ActorTuneProcess.StartIn(Ns("w2"), _work.Directory, "worker", "--bind", $"{Subnet}.12", "--seed", $"{Subnet}.10:4053", "--slots", "2");
            processes.AddRange([w1, w2]);
            await w1.WaitForOutputAsync(o => Joined().IsMatch(o), TimeSpan.FromMinutes(1));
            await w2.WaitForOutputAsync(o => Joined().IsMatch(o), TimeSpan.FromMinutes(1));
            var submitted = await ActorTuneProcess.RunInAsync(Ns("client"), _work.Directory, "submit", file, "--host", $"{Subnet}.10:4053");
            Assert.True(submitted.Exit == 0, submitted.Out + submitted.Err);

            // Worker 1's cable is pulled once a couple of trials are done, and plugged back in once the sweep moved on.
            await host.WaitForOutputAsync(o => Regex.Matches(o, "sweep netns: trial \\d+ completed").Count >= 2, TimeSpan.FromMinutes(2));
            Assert.Equal(0, Run("ip", "-n", Ns("sw"), "link", "set", "v-w1", "down").Exit);
            // The cut lasts until the host's side has downed worker 1 (its split-brain resolver logs the decision).
            await host.WaitForOutputAsync(o => o.Contains("SBR took decision") && o.Contains($"{Subnet}.11:"), TimeSpan.FromMinutes(2));
            Assert.Equal(0, Run("ip", "-n", Ns("sw"), "link", "set", "v-w1", "up").Exit);
            await w1.WaitForOutputAsync(o => o.Contains("downed by the cluster"), TimeSpan.FromMinutes(1));
            await w1.WaitForOutputAsync(o => Joined().Matches(o).Count >= 2, TimeSpan.FromMinutes(1)); // it joins again
            await host.WaitForOutputAsync(o => o.Contains("sweep netns completed"), TimeSpan.FromMinutes(2));

            var show = await ActorTuneProcess.RunInAsync(Ns("client"), _work.Directory, "show", "netns", "--json", "--host", $"{Subnet}.10:4053");
            Assert.True(show.Exit == 0, show.Err);
            var trials = JsonDocument.Parse(show.Out).RootElement.GetProperty("trials").EnumerateArray().ToList();
            Assert.Equal(12, trials.Count);
            Assert.All(trials, t =>
            {
                Assert.Equal("completed", t.GetProperty("status").GetString());
                Assert.Equal(Enumerable.Range(1, 20), t.GetProperty("epochs").EnumerateArray().Select(e => e.GetProperty("epoch").GetInt32()));
            });
            host.Signal("TERM");
            Assert.Equal(0, await host.WaitAsync(TimeSpan.FromSeconds(20)));
            var events = SweepLog.Events(Path.Combine(_work.Directory, "actortune.db"), "netns");
            Assert.Equal(12, events.OfType<TrialEnded>().Count()); // every trial ended once
            var nodes = events.OfType<TrialStarted>().Select(s => s.Node).ToHashSet();
            Assert.Contains(nodes, n => n.StartsWith($"{Subnet}.11:", StringComparison.Ordinal));
            Assert.Contains(nodes, n => n.StartsWith($"{Subnet}.12:", StringComparison.Ordinal));
        }
        finally
        {
            RigDown(processes);
        }
    }

    private void RigUpOrSkip()
    {
        Skip.If(Environment.UserName != "root", "network namespaces need root: skipped");
        Skip.If(Run("ip", "-V").Exit != 0, "no iproute2 (`ip`): network namespace tests skipped");
        var up = Run("bash", Rig, "up", _prefix);
        if (up.Exit != 0)
        {
            Run("bash", Rig, "down", _prefix);
            Skip.If(true, $"cannot make network namespaces here: {up.Output.Trim()}");
        }
    }

    private void RigDown(List<ActorTuneProcess> processes)
    {
        foreach (var process in processes)
        {
            process.Dispose();
        }
        Run("bash", Rig, "down", _prefix);
        Assert.DoesNotContain(_prefix, Run("ip", "netns", "list").Output);
    }

    private static string[] Tls(TestCertificates certificates) =>
        ["--tls-cert", certificates.Node, "--tls-password-env", TestCertificates.PasswordVariable];

    [SkippableFact]
    public async Task With_tls_and_postgresql_in_their_own_namespaces_a_standby_finishes_the_sweep_of_a_killed_coordinator()
    {
        var binaries = PostgresServer.FindBinaries();
        Skip.If(binaries is null, "no PostgreSQL server binaries (/usr/lib/postgresql/*/bin/initdb): skipped");
        RigUpOrSkip();
        var processes = new List<ActorTuneProcess>();
        using var postgres = new NamespacePostgres(binaries!, Ns("db"), $"{Subnet}.30");
        try
        {
            var database = postgres.Start();
            var certificates = new TestCertificates(_work.Directory);
            var file = _work.Sweep("netns-failover", """
                  seed = 13
                  model = synthetic
                  synthetic { epoch-seconds = 0.25 }
                  epochs = 20
                  trials = 32
                  concurrency = 1
                  space {
                    learning-rate { scale = log, min = 1e-4, max = 1 }
                  }
                """);
            string[] seeds = ["--seed", $"{Subnet}.10:4053", "--seed", $"{Subnet}.13:4053"];
            // Both coordinators only coordinate; every trial runs on the workers, which outlive the first coordinator.
            var active = ActorTuneProcess.StartIn(Ns("host"), _work.Directory,
                ["run", file, "--cluster", "--bind", $"{Subnet}.10", "--port", "4053", "--slots", "0", "--db", database, .. Tls(certificates)]);
            processes.Add(active);
            await active.WaitForOutputAsync(o => o.Contains($"coordinator {Subnet}.10:4053"), TimeSpan.FromMinutes(1));
            var standby = ActorTuneProcess.StartIn(Ns("standby"), _work.Directory,
                ["run", file, "--cluster", "--bind", $"{Subnet}.13", "--port", "4053", "--seed", $"{Subnet}.10:4053", "--slots", "0",
                 "--db", database, .. Tls(certificates)]);
            processes.Add(standby);
            await standby.WaitForOutputAsync(o => o.Contains($"coordinator {Subnet}.13:4053"), TimeSpan.FromMinutes(1));
            // A node without a certificate, from another machine, is refused with the cause (before any worker has
            // joined, so the sweep, which only workers run, is still waiting for them).
            using (var plain = ActorTuneProcess.StartIn(Ns("client"), _work.Directory, "worker", "--bind", $"{Subnet}.20", "--seed", $"{Subnet}.10:4053", "--slots", "1"))
            {
                Assert.Equal(2, await plain.WaitAsync(TimeSpan.FromMinutes(2)));
                Assert.Contains("requires TLS", plain.Error);
                Assert.DoesNotContain("joined", plain.Output);
            }

            var w1 = ActorTuneProcess.StartIn(Ns("w1"), _work.Directory, ["worker", "--bind", $"{Subnet}.11", .. seeds, "--slots", "2", .. Tls(certificates)]);
            var w2 = ActorTuneProcess.StartIn(Ns("w2"), _work.Directory, ["worker", "--bind", $"{Subnet}.12", .. seeds, "--slots", "2", .. Tls(certificates)]);
            processes.AddRange([w1, w2]);
            await w1.WaitForOutputAsync(o => Joined().IsMatch(o), TimeSpan.FromMinutes(1));
            await w2.WaitForOutputAsync(o => Joined().IsMatch(o), TimeSpan.FromMinutes(1));

            // Worker 1's link is cut over TLS too, until the coordinators' side has downed it, then restored.
            await active.WaitForOutputAsync(o => Regex.Matches(o, " completed: ").Count >= 2, TimeSpan.FromMinutes(2));
            Assert.Equal(0, Run("ip", "-n", Ns("sw"), "link", "set", "v-w1", "down").Exit);
            await w1.WaitForOutputAsync(o => o.Contains("downed by the cluster"), TimeSpan.FromMinutes(2));
            Assert.Equal(0, Run("ip", "-n", Ns("sw"), "link", "set", "v-w1", "up").Exit);
            await w1.WaitForOutputAsync(o => Joined().Matches(o).Count >= 2, TimeSpan.FromMinutes(2)); // it joins again

            // Then the active coordinator's machine dies: the standby, in its own namespace, takes the sweep over.
            var done = Regex.Matches(active.Output, " completed: ").Count;
            await active.WaitForOutputAsync(o => Regex.Matches(o, " completed: ").Count >= done + 2, TimeSpan.FromMinutes(2));
            active.Signal("KILL");
            await active.WaitAsync(TimeSpan.FromSeconds(20));
            Assert.True(await standby.WaitAsync(TimeSpan.FromMinutes(3)) == 0, standby.Output + standby.Error);
            Assert.Contains("running sweep netns-failover here", standby.Output);

            var show = await ActorTuneProcess.RunInAsync(Ns("client"), _work.Directory, "show", "netns-failover", "--json", "--db", database);
            Assert.True(show.Exit == 0, show.Err);
            var root = JsonDocument.Parse(show.Out).RootElement;
            Assert.Equal("completed", root.GetProperty("status").GetString());
            var trials = root.GetProperty("trials").EnumerateArray().ToList();
            Assert.Equal(32, trials.Count);
            Assert.All(trials, t => Assert.Equal(Enumerable.Range(1, 20), t.GetProperty("epochs").EnumerateArray().Select(e => e.GetProperty("epoch").GetInt32())));

            // The journal itself, read from the same data directory once the server moved to this machine's loopback.
            var events = SweepLog.Events(postgres.MoveToLoopback(), "netns-failover");
            Assert.Equal(32, events.OfType<TrialProposed>().Count()); // the budget, not a trial more
            Assert.Equal(Enumerable.Range(1, 32), events.OfType<TrialEnded>().Select(e => e.TrialId).Order()); // each ended once
            Assert.All(events.OfType<EpochReported>().GroupBy(e => (e.TrialId, e.Attempt)),
                attempt => Assert.Equal(attempt.Count(), attempt.Select(e => e.Epoch).Distinct().Count())); // no epoch twice in an attempt
            var nodes = events.OfType<TrialStarted>().Select(s => s.Node).ToHashSet();
            Assert.All(nodes, n => Assert.Matches(@"^10\.213\.7\.1[12]:\d+$", n)); // only the workers ran trials
        }
        finally
        {
            RigDown(processes);
        }
    }
}
