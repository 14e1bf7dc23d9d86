using System.Diagnostics;
using System.Text.Json;

namespace ActorTune.Host.Tests;

/// <summary>
/// examples/mlnet: ML.NET's LightGBM tuned with ASHA through the shipped sweep file, run small. The example is not in
/// ActorTune.sln (ML.NET would slow every build), so the fixture builds it once, in Release, where the sweep file loads it.
/// </summary>
[Collection(ProcessesCollection.Name)]
public sealed class MlNetExampleTests : IClassFixture<MlNetExampleTests.Build>, IDisposable
{
    private readonly Workspace _work = new();
    private readonly Build _build;

    public MlNetExampleTests(Build build)
    {
        _build = build;
    }

    public void Dispose() => _work.Dispose();

    public sealed class Build
    {
        public Build()
        {
            var start = new ProcessStartInfo("dotnet", ["build", "examples/mlnet", "-c", "Release", "--nologo", "-v", "quiet", "-clp:ErrorsOnly"])
            {
                WorkingDirectory = ActorTuneProcess.RepositoryRoot,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(8)))
            {
                process.Kill(entireProcessTree: true);
            }
            Result = (process.HasExited ? process.ExitCode : -1, output.Result + error.Result);
        }

        public (int Exit, string Output) Result { get; }
    }

    [Fact]
    public async Task The_shipped_sweep_tunes_lightgbm_and_asha_stops_some_trials()
    {
        Assert.True(_build.Result.Exit == 0, "dotnet build examples/mlnet -c Release: " + _build.Result.Output);
        // The shipped file, smaller: 6 trials of 3 blocks, one at a time so ASHA's decisions repeat from run to run.
        var text = File.ReadAllText(Path.Combine(ActorTuneProcess.RepositoryRoot, "examples", "mlnet", "mlnet.hocon"))
            .Replace("trials = 16", "trials = 6", StringComparison.Ordinal)
            .Replace("epochs = 6 ", "epochs = 3 ", StringComparison.Ordinal)
            .Replace("concurrency = 2", "concurrency = 1", StringComparison.Ordinal);
        Assert.Contains("trials = 6", text);
        var file = _work.Write("mlnet.hocon", text);
        var db = Path.Combine(_work.Directory, "actortune.db");

        // From the repository root, where the sweep file's relative data and assembly paths point.
        var run = await ActorTuneProcess.RunAsync(ActorTuneProcess.RepositoryRoot, "run", file, "--db", db);
        Assert.True(run.Exit == 0, run.Out + run.Err);

        var show = await ActorTuneProcess.RunAsync(_work.Directory, "show", "mlnet-digits", "--json");
        var json = JsonDocument.Parse(show.Out).RootElement;
        var trials = json.GetProperty("trials").EnumerateArray().ToList();
        Assert.Equal(6, trials.Count);
        Assert.Contains(trials, t => t.GetProperty("status").GetString() == "completed");
        Assert.Contains(trials, t => t.GetProperty("status").GetString() == "pruned");
        Assert.All(trials, t => Assert.Contains(t.GetProperty("status").GetString(), new[] { "completed", "pruned" }));
        Assert.All(trials.SelectMany(t => t.GetProperty("epochs").EnumerateArray()), e =>
        {
            // Better than chance (0.1) after the first block of rounds, and a finite loss below the uniform guess's ln 10.
            Assert.InRange(e.GetProperty("val_accuracy").GetDouble(), 0.3, 1.0);
            Assert.InRange(e.GetProperty("val_loss").GetDouble(), 0, Math.Log(10));
        });
        Assert.InRange(json.GetProperty("best").GetProperty("value").GetDouble(), 0.85, 1.0);
        Assert.All(trials.Where(t => t.GetProperty("status").GetString() == "completed"),
            t => Assert.Equal(3, t.GetProperty("epochs").GetArrayLength()));

        // The best model is the ML.NET model as the trainable saved it: a zip that MLContext.Model.Load reads.
        var export = await ActorTuneProcess.RunAsync(_work.Directory, "export", "mlnet-digits", "--best-model", "--out", "best.zip");
        Assert.True(export.Exit == 0, export.Err);
        var zip = File.ReadAllBytes(Path.Combine(_work.Directory, "best.zip"));
        Assert.Equal("PK"u8.ToArray(), zip[..2]);
    }
}
