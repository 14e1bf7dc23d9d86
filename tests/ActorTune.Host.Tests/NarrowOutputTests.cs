using System.Globalization;
using System.Text.Json;

namespace ActorTune.Host.Tests;

/// <summary>Piped output drawn for COLUMNS=80: no line wider, no number broken.</summary>
[Collection(ProcessesCollection.Name)]
public sealed class NarrowOutputTests : IDisposable
{
    private static readonly Dictionary<string, string> Columns80 = new() { ["COLUMNS"] = "80" };

    private readonly Workspace _work = new();

    public void Dispose() => _work.Dispose();

    private static void AssertFits(string output, int width)
    {
        var lines = output.Replace("\r", "").Split('\n');
        Assert.All(lines, line => Assert.True(line.Length <= width, $"{line.Length} > {width}: {line}"));
    }

    [Fact]
    public async Task Run_and_show_at_80_columns_draw_no_line_wider_and_print_every_number_whole()
    {
        var file = _work.Sweep("narrow", $$"""
              seed = 5
              data {
                path = "{{ActorTuneProcess.DigitsPath}}"
                validation = 0.2
              }
              model = mlp
              metric = val_accuracy
              epochs = 2
              trials = 8
              concurrency = 2
              strategy { type = coarse-to-fine, rounds = 2 }
              scheduler { type = median, grace = 1, min-trials = 2 }
              space {
                learning-rate       { scale = log,           min = 1e-4, max = 1e-1 }
                beta1               { scale = one-minus-log, min = 0.8,  max = 0.999 }
                hidden-units        { scale = int-log,       min = 16,   max = 64 }
                layers              { scale = int,           min = 1,    max = 2 }
                batch-size          { values = [32, 64, 128] }
                learning-rate-decay { scale = log,           min = 1e-4, max = 0.1 }
                optimizer = adam
              }
            """);
        var run = await ActorTuneProcess.RunWithAsync(_work.Directory, Columns80, "run", file);
        Assert.True(run.Exit == 0, run.Out + run.Err);
        AssertFits(run.Out, 80);
        Assert.Contains("trial 1 started: ", run.Out);

        var show = await ActorTuneProcess.RunWithAsync(_work.Directory, Columns80, "show", "narrow");
        Assert.Equal(0, show.Exit);
        AssertFits(show.Out, 80);
        Assert.Contains("search regions", show.Out);

        // Every trial's value and every parameter's value (four significant digits) appear as whole words.
        var words = show.Out.Split([' ', '\n', '\r', ';', ','], StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(w => w.Contains('=') ? [w, w[(w.IndexOf('=') + 1)..]] : new[] { w })
            .ToHashSet();
        var json = JsonDocument.Parse((await ActorTuneProcess.RunAsync(_work.Directory, "show", "narrow", "--json")).Out).RootElement;
        foreach (var trial in json.GetProperty("trials").EnumerateArray())
        {
            Assert.Contains(trial.GetProperty("value").GetDouble().ToString("0.0000", CultureInfo.InvariantCulture), words);
            foreach (var param in trial.GetProperty("params").EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number))
            {
                Assert.Contains(param.Value.GetDouble().ToString("G4", CultureInfo.InvariantCulture), words);
            }
        }
    }

    [Fact]
    public async Task Show_honours_a_wider_COLUMNS_and_keeps_a_column_per_parameter()
    {
        var file = _work.Sweep("wide", """
              seed = 3
              model = synthetic
              epochs = 2
              trials = 3
              concurrency = 1
              space {
                learning-rate { scale = log, min = 1e-3, max = 1e-2 }
              }
            """);
        Assert.Equal(0, (await ActorTuneProcess.RunAsync(_work.Directory, "run", file)).Exit);
        var show = await ActorTuneProcess.RunWithAsync(_work.Directory, new Dictionary<string, string> { ["COLUMNS"] = "120" }, "show", "wide");
        AssertFits(show.Out, 120);
        Assert.Contains(show.Out.Split('\n'), l => l.Contains("node") && l.TrimEnd().EndsWith("learning-rate", StringComparison.Ordinal));
    }
}
