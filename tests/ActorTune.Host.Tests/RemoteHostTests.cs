using System.Text.Json;
using ActorTune.Actors.Messages;
using ActorTune.Host.Hosting;
using ActorTune.Model.Space;
using ActorTune.Model.Sweep;
using ActorTune.Model.Training.Command;
using ActorTune.Tests.Shared;

namespace ActorTune.Host.Tests;

/// <summary>
/// A host as other machines see it: listening on every interface under a public name, checking what it is handed
/// over the network whatever the client did, and never showing a database password.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RemoteHostTests(PostgresServer postgres) : IDisposable
{
    private readonly Workspace _work = new();

    public void Dispose() => _work.Dispose();

    private string Sweep(string name, int trials, int epochs, double epochSeconds) => _work.Sweep(name, $$"""
          model = synthetic
          synthetic { epoch-seconds = {{epochSeconds}} }
          epochs = {{epochs}}
          trials = {{trials}}
          concurrency = 2
          space {
            learning-rate { scale = log, min = 1e-4, max = 1 }
          }
        """);

    [Fact]
    public async Task A_host_on_every_interface_is_reached_at_its_public_name_by_a_worker_and_a_client_on_other_addresses()
    {
        var port = LoopbackPort.Free();
        var noName = await ActorTuneProcess.RunAsync(_work.Directory, "host", "--bind", "0.0.0.0", "--port", port.ToString());
        Assert.Equal(2, noName.Exit);
        Assert.Contains("--public-hostname", noName.Err);

        // 127.0.0.2 and .3 are this machine too (all of 127/8 is loopback), but not the address a node binds by default.
        using var host = ActorTuneProcess.Start(_work.Directory, "host", "--bind", "0.0.0.0", "--public-hostname", "127.0.0.2",
            "--port", port.ToString(), "--slots", "0");
        await host.WaitForOutputAsync(o => o.Contains($"ActorTune host on 127.0.0.2:{port}"), TimeSpan.FromMinutes(1));
        using var worker = ActorTuneProcess.Start(_work.Directory, "worker", "--bind", "127.0.0.3", "--seed", $"127.0.0.2:{port}", "--slots", "2");
        await worker.WaitForOutputAsync(o => o.Contains("worker 127.0.0.3:") && o.Contains("joined"), TimeSpan.FromMinutes(1));
        var submitted = await ActorTuneProcess.RunAsync(_work.Directory, "submit", Sweep("far", 4, 3, 0.02), "--host", $"127.0.0.2:{port}");
        Assert.True(submitted.Exit == 0, submitted.Err);
        await host.WaitForOutputAsync(o => o.Contains("sweep far completed"), TimeSpan.FromMinutes(2));
        var show = await ActorTuneProcess.RunAsync(_work.Directory, "show", "far", "--json", "--host", $"127.0.0.2:{port}");
        var trials = JsonDocument.Parse(show.Out).RootElement.GetProperty("trials").EnumerateArray().ToList();
        Assert.Equal(4, trials.Count);
        Assert.All(trials, t => Assert.StartsWith("127.0.0.3:", t.GetProperty("node").GetString()));
        host.Signal("TERM");
        Assert.Equal(0, await host.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task Bad_submissions_are_refused_by_the_host_itself_and_the_sweeps_it_runs_finish()
    {
        var address = $"127.0.0.1:{LoopbackPort.Free()}";
        using var host = ActorTuneProcess.Start(_work.Directory, "host", "--port", address.Split(':')[1], "--slots", "2");
        await host.WaitForOutputAsync(o => o.Contains("ActorTune host on"), TimeSpan.FromMinutes(1));
        foreach (var name in new[] { "one", "two" })
        {
            Assert.Equal(0, (await ActorTuneProcess.RunAsync(_work.Directory, "submit", Sweep(name, 4, 30, 0.05), "--host", address)).Exit);
        }
        await host.WaitForOutputAsync(o => o.Contains("sweep one: trial") || o.Contains("sweep two: trial"), TimeSpan.FromMinutes(1));

        // Hand-made messages, as anyone who reaches the port could send them: the client's checks never ran.
        var good = SweepFileLoader(Sweep("good", 2, 2, 0));
        await using (var client = await HostClient.ConnectAsync(address))
        {
            foreach (var (spec, key) in new (SweepSpec Spec, string Key)[]
            {
                (good with { Name = "../evil/x" }, "sweep.name"),
                (good with { Name = "bad-space", Space = new SearchSpace([new RangeParameter("learning-rate", Scale.Log, 5, 1)]) }, "sweep.space.learning-rate"),
                (good with { Name = "cmd", Model = ComponentSpec.Named("command").With(CommandSettings.ArgsKey, CommandSettings.EncodeArgs(["sh", "-c", "touch pwned"])) }, "sweep.model"),
            })
            {
                var reply = await client.AskAsync<object>(new SubmitSweep(spec, "sweep { }"));
                var rejected = Assert.IsType<SweepRejected>(reply);
                Assert.True(rejected.BadInput);
                Assert.Contains(key, rejected.Reason);
            }
        }
        // Through the command line: a valid command sweep file is refused by a host without --allow-commands (exit 2).
        var command = _work.Sweep("cmdfile", """
              model = command
              command = ["sh", "-c", "touch pwned"]
              epochs = 1
              trials = 1
              space { x { values = [1] } }
            """);
        var refused = await ActorTuneProcess.RunAsync(_work.Directory, "submit", command, "--host", address);
        Assert.Equal(2, refused.Exit);
        Assert.Contains("--allow-commands", refused.Err);

        await host.WaitForOutputAsync(o => o.Contains("sweep one completed") && o.Contains("sweep two completed"), TimeSpan.FromMinutes(2));
        Assert.False(File.Exists(Path.Combine(_work.Directory, "pwned")));
        Assert.DoesNotContain("stopped:", host.Output);
        host.Signal("TERM");
        Assert.Equal(0, await host.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [SkippableFact]
    public async Task A_postgres_password_never_shows_in_output_or_logs()
    {
        Skip.If(!postgres.Available, postgres.Unavailable);
        const string secret = "SECRETPW";
        var database = postgres.CreateDatabase().Replace("://postgres@", $"://postgres:{secret}@", StringComparison.Ordinal);
        Assert.Contains(secret, database);
        var address = $"127.0.0.1:{LoopbackPort.Free()}";
        using var host = ActorTuneProcess.Start(_work.Directory, "host", "--port", address.Split(':')[1], "--slots", "2", "--db", database);
        await host.WaitForOutputAsync(o => o.Contains("ActorTune host on"), TimeSpan.FromMinutes(1));
        var outputs = new List<string>();
        var submitted = await ActorTuneProcess.RunAsync(_work.Directory, "submit", Sweep("masked", 2, 2, 0), "--host", address);
        Assert.True(submitted.Exit == 0, submitted.Err);
        Assert.Contains("postgres:***@", submitted.Out);
        await host.WaitForOutputAsync(o => o.Contains("sweep masked completed"), TimeSpan.FromMinutes(1));
        foreach (var args in new[]
        {
            new[] { "list", "--host", address }, ["show", "masked", "--host", address], ["show", "masked", "--json", "--host", address],
            ["list", "--db", database], ["show", "masked", "--db", database], ["show", "nosuch", "--db", database], ["show", "nosuch", "--host", address],
        })
        {
            var run = await ActorTuneProcess.RunAsync(_work.Directory, args);
            outputs.Add(run.Out + run.Err);
        }
        host.Signal("TERM");
        await host.WaitAsync(TimeSpan.FromSeconds(20));
        outputs.Add(submitted.Out + submitted.Err);
        outputs.Add(host.Output + host.Error);
        outputs.AddRange(Directory.GetFiles(_work.Directory, "actortune-host-*.log").Select(File.ReadAllText));
        Assert.True(outputs.Count >= 10, "a log file was written");
        Assert.All(outputs, text => Assert.DoesNotContain(secret, text));
        Assert.Contains(outputs, text => text.Contains("postgres:***@127.0.0.1"));
    }

    private static SweepSpec SweepFileLoader(string file) => Configuration.SweepFileLoader.Load(file).Spec;
}
