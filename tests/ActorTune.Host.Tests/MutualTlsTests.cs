using System.Text.Json;
using ActorTune.Tests.Shared;

namespace ActorTune.Host.Tests;

/// <summary>
/// Mutual TLS with real processes: a host started with --tls-cert takes a worker and a client whose certificates its
/// CA signed, and refuses, each with a message that says why, a worker and a client without a certificate, with a
/// self-signed one, and with one another CA signed.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class MutualTlsTests : IDisposable
{
    private readonly Workspace _work = new();

    public void Dispose() => _work.Dispose();

    private static string[] Tls(string pfx, bool password = true) =>
        password ? ["--tls-cert", pfx, "--tls-password-env", TestCertificates.PasswordVariable] : ["--tls-cert", pfx];

    [Fact]
    public async Task A_tls_host_runs_a_sweep_on_a_trusted_worker_and_refuses_peers_without_a_trusted_certificate()
    {
        var certificates = new TestCertificates(_work.Directory);
        var file = _work.Sweep("secure", """
              seed = 5
              model = synthetic
              synthetic { epoch-seconds = 0.05 }
              epochs = 8
              trials = 6
              concurrency = 2
              space {
                learning-rate { scale = log, min = 1e-4, max = 1 }
              }
            """);
        var address = $"127.0.0.1:{LoopbackPort.Free()}";
        var seed = new[] { "--seed", address };
        // No slots on the host: every trial has to run on the worker that joined over TLS.
        using var host = ActorTuneProcess.Start(_work.Directory, ["host", "--port", address.Split(':')[1], "--slots", "0", .. Tls(certificates.Node)]);
        await host.WaitForOutputAsync(o => o.Contains("ActorTune host on") && o.Contains("remoting mutual TLS with"), TimeSpan.FromMinutes(1));
        using var worker = ActorTuneProcess.Start(_work.Directory, ["worker", .. seed, "--slots", "2", .. Tls(certificates.Node)]);
        await worker.WaitForOutputAsync(o => o.Contains("joined"), TimeSpan.FromMinutes(1));

        var submitted = await ActorTuneProcess.RunAsync(_work.Directory, ["submit", file, "--host", address, .. Tls(certificates.Client)]);
        Assert.True(submitted.Exit == 0, submitted.Out + submitted.Err);

        // Refused: a plain client, a client with a self-signed certificate, one signed by another CA.
        var plain = await ActorTuneProcess.RunAsync(_work.Directory, "list", "--host", address);
        Assert.Equal(2, plain.Exit);
        Assert.Contains($"the host at {address} requires TLS", plain.Err);
        var rogue = await ActorTuneProcess.RunAsync(_work.Directory, ["list", "--host", address, .. Tls(certificates.Rogue, password: false)]);
        Assert.Equal(2, rogue.Exit);
        Assert.Contains("is not trusted by this one", rogue.Err);
        var impostor = await ActorTuneProcess.RunAsync(_work.Directory, ["pause", "secure", "--host", address, .. Tls(certificates.Impostor, password: false)]);
        Assert.Equal(2, impostor.Exit);
        Assert.Contains("refused this node's certificate 'CN=impostor'", impostor.Err);

        // Refused workers: each exits with the cause instead of retrying for ever.
        foreach (var (options, cause) in new (string[] Options, string Cause)[]
        {
            ([], "requires TLS"),
            (Tls(certificates.Rogue, password: false), "is not trusted by this one"),
            (Tls(certificates.Impostor, password: false), "refused this node's certificate 'CN=impostor'"),
        })
        {
            using var refused = ActorTuneProcess.Start(_work.Directory, ["worker", .. seed, "--slots", "1", .. options]);
            Assert.Equal(2, await refused.WaitAsync(TimeSpan.FromMinutes(1)));
            Assert.Contains($"actortune: worker cannot join: ", refused.Error);
            Assert.Contains(cause, refused.Error);
            Assert.DoesNotContain("joined", refused.Output);
        }

        await host.WaitForOutputAsync(o => o.Contains("sweep secure completed"), TimeSpan.FromMinutes(2));
        Assert.Contains("TLS: refused the peer", host.Output); // the host's log says whom it refused, and why
        var show = await ActorTuneProcess.RunAsync(_work.Directory, ["show", "secure", "--json", "--host", address, .. Tls(certificates.Client)]);
        Assert.True(show.Exit == 0, show.Err);
        var trials = JsonDocument.Parse(show.Out).RootElement.GetProperty("trials").EnumerateArray().ToList();
        Assert.Equal(6, trials.Count);
        Assert.All(trials, t => Assert.Equal("completed", t.GetProperty("status").GetString()));
        Assert.All(trials, t => Assert.NotEqual(address, t.GetProperty("node").GetString()));
        host.Signal("TERM");
        Assert.Equal(0, await host.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task A_password_on_the_command_line_is_not_an_option_and_a_wrong_one_is_bad_input()
    {
        var certificates = new TestCertificates(_work.Directory);
        var unset = await ActorTuneProcess.RunAsync(_work.Directory, "list", "--host", "127.0.0.1:1", "--tls-cert", certificates.Node,
            "--tls-password-env", "ACTORTUNE_TEST_NO_SUCH_VARIABLE");
        Assert.Equal(2, unset.Exit);
        Assert.Contains("ACTORTUNE_TEST_NO_SUCH_VARIABLE: that environment variable is not set", unset.Err);
        var missing = await ActorTuneProcess.RunAsync(_work.Directory, "list", "--host", "127.0.0.1:1", "--tls-cert", certificates.Node);
        Assert.Equal(2, missing.Exit);
        Assert.Contains("--tls-password-env", missing.Err);
        var onLine = await ActorTuneProcess.RunAsync(_work.Directory, "list", "--host", "127.0.0.1:1", "--tls-password", TestCertificates.Password);
        Assert.Equal(2, onLine.Exit);
    }
}
