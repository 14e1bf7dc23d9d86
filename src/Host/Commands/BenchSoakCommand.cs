using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ActorTune.Actors.Messages;
using ActorTune.Host.Hosting;
using ActorTune.Model.Space;
using ActorTune.Model.Sweep;

namespace ActorTune.Host.Commands;

/// <summary>
/// <c>bench soak</c>: starts an <c>actortune host</c> process on a throw-away database and runs small synthetic
/// sweeps through it one after another, reading the host's resident memory (now and peak) and open file handles
/// from /proc after the 50th and the last. A host that keeps finished sweeps in memory grows; this one should not.
/// </summary>
public static class BenchSoakCommand
{
    public static async Task<int> RunAsync(int sweeps, int trials, int epochs)
    {
        var directory = Directory.CreateTempSubdirectory("actortune-soak-").FullName;
        var port = FreePort();
        var address = $"127.0.0.1:{port}";
        using var host = StartHost(directory, port);
        try
        {
            await using var client = await ConnectAsync(address);
            var clock = Stopwatch.StartNew();
            var samples = new List<string>();
            for (var i = 1; i <= sweeps; i++)
            {
                var spec = Spec($"soak-{i}", trials, epochs);
                if (await client.AskAsync<object>(new SubmitSweep(spec, "")) is not SweepSubmitted)
                {
                    Console.Error.WriteLine($"sweep {i} was not accepted");
                    return ExitCodes.Failure;
                }
                var waited = Stopwatch.StartNew();
                while (await client.AskAsync<object>(new GetSweep(spec.Name)) is var reply && reply is not SweepListing { Status: "completed" })
                {
                    if (reply is not SweepListing || waited.Elapsed > TimeSpan.FromMinutes(1))
                    {
                        Console.Error.WriteLine($"sweep {i} did not complete: {reply}");
                        return ExitCodes.Failure;
                    }
                    await Task.Delay(20);
                }
                if (i == Math.Min(50, sweeps) || i == sweeps || i % 100 == 0)
                {
                    samples.Add(Sample(host.Id, i, clock.Elapsed.TotalSeconds));
                    Console.WriteLine(samples[^1]);
                }
            }
            return ExitCodes.Done;
        }
        finally
        {
            using var term = Process.Start("kill", ["-TERM", host.Id.ToString(CultureInfo.InvariantCulture)]);
            await term.WaitForExitAsync();
            await host.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
            Directory.Delete(directory, recursive: true);
        }
    }

    private static SweepSpec Spec(string name, int trials, int epochs) => new(
        name, 1, null, new ComponentSpec("synthetic", ImmutableSortedDictionary<string, string>.Empty), "val_accuracy", Goal.Max,
        epochs, trials, 2, ComponentSpec.Named("random"), ComponentSpec.Named("none"),
        new SearchSpace([new RangeParameter("learning-rate", Scale.Log, 1e-4, 1)]));

    /// <summary>VmRSS (now), VmHWM (peak) and open descriptors of the host process.</summary>
    private static string Sample(int pid, int sweeps, double seconds)
    {
        var status = File.ReadAllLines($"/proc/{pid}/status").ToDictionary(l => l.Split(':')[0], l => l.Split(':', 2)[1].Trim());
        var handles = Directory.GetFiles($"/proc/{pid}/fd").Length;
        return string.Create(CultureInfo.InvariantCulture,
            $"after {sweeps} sweeps ({seconds:0.0} s): resident {status["VmRSS"]}, peak {status["VmHWM"]}, {handles} open handles");
    }

    private static Process StartHost(string directory, int port)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { typeof(BenchSoakCommand).Assembly.Location, "host", "--port", port.ToString(CultureInfo.InvariantCulture), "--slots", "2" })
        {
            info.ArgumentList.Add(arg);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start the host");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<HostClient> ConnectAsync(string address)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await HostClient.ConnectAsync(address);
            }
            catch (HostUnreachableException) when (attempt < 30)
            {
                await Task.Delay(1000);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
