using System.Globalization;
using System.Text.Json;

namespace ActorTune.Host.Tests;

/// <summary>
/// One finished sweep with completed, diverged and failed trials, a parameter on each kind of scale and a word
/// that needs CSV quoting; every test reads it.
/// </summary>
public sealed class FinishedSweep : IAsyncLifetime, IDisposable
{
    public const string Name = "report-e2e";

    private readonly Workspace _work = new();

    public string Directory => _work.Directory;

    public JsonElement Show { get; private set; }

    public async Task InitializeAsync()
    {
        var file = _work.Sweep(Name, """
              seed = 3
              model = synthetic
              synthetic { diverge-above = 0.3 }
              epochs = 5
              trials = 12
              concurrency = 2
              space {
                learning-rate { scale = log, min = 1e-4, max = 1 }
                beta1 { scale = one-minus-log, min = 0.9, max = 0.999 }
                hidden-units { scale = int-log, min = 16, max = 256 }
                tag { values = ["plain", "a, \"quoted\" word"] }
                fail-at-epoch { values = [0, 0, 0, 3] }
              }
            """);
        var run = await ActorTuneProcess.RunAsync(Directory, "run", file);
        Assert.True(run.Exit == 0, run.Out + run.Err);
        var show = await ActorTuneProcess.RunAsync(Directory, "show", Name, "--json");
        Assert.Equal(0, show.Exit);
        Show = JsonDocument.Parse(show.Out).RootElement.Clone();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _work.Dispose();
}

[Collection(ProcessesCollection.Name)]
public sealed class ReportExportTests : IClassFixture<FinishedSweep>
{
    private readonly FinishedSweep _sweep;

    public ReportExportTests(FinishedSweep sweep)
    {
        _sweep = sweep;
    }

    private IReadOnlyList<JsonElement> ShownTrials => _sweep.Show.GetProperty("trials").EnumerateArray().ToList();

    [Fact]
    public void The_sweep_has_trials_of_every_ending()
    {
        var statuses = ShownTrials.Select(t => t.GetProperty("status").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "completed", "diverged", "failed" }, statuses);
    }

    [Fact]
    public async Task Report_writes_non_empty_pngs_and_a_page_that_embeds_every_one()
    {
        var run = await ActorTuneProcess.RunAsync(_sweep.Directory, "report", FinishedSweep.Name);
        Assert.True(run.Exit == 0, run.Out + run.Err);
        var directory = Path.Combine(_sweep.Directory, "reports", FinishedSweep.Name);
        var pngs = System.IO.Directory.GetFiles(directory, "*.png").Select(Path.GetFileName).Order().ToList();
        Assert.Equal(
            ["history.png", "importance.png", "learning-curves.png", "param-beta1.png", "param-fail-at-epoch.png", "param-hidden-units.png",
                "param-learning-rate.png", "param-tag.png", "top-pair.png"],
            pngs);
        var html = File.ReadAllText(Path.Combine(directory, "index.html"));
        foreach (var png in pngs)
        {
            var bytes = File.ReadAllBytes(Path.Combine(directory, png!));
            Assert.True(bytes.Length > 5000, $"{png} is only {bytes.Length} bytes");
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
            Assert.Contains($"data-file=\"{png}\"", html);
            Assert.Contains("data:image/png;base64," + Convert.ToBase64String(bytes), html);
            Assert.Contains(png!, run.Out);
        }
        foreach (var trial in ShownTrials)
        {
            Assert.Contains($"<td>{trial.GetProperty("id").GetInt32()}</td><td class=\"text\">{trial.GetProperty("status").GetString()}</td>", html);
        }
        Assert.Contains("a, &quot;quoted&quot; word", html);
    }

    [Fact]
    public async Task Csv_export_parsed_back_equals_show_json()
    {
        // To a file: the test's reader of standard output would turn CRLF into LF.
        var file = Path.Combine(_sweep.Directory, "trials.csv");
        var run = await ActorTuneProcess.RunAsync(_sweep.Directory, "export", FinishedSweep.Name, "--format", "csv", "--out", file);
        Assert.True(run.Exit == 0, run.Err);
        var text = File.ReadAllText(file);
        var rows = Csv.Parse(text);
        var header = rows[0];
        Assert.Equal(["id", "status", "value", "best_epoch", "epochs", "seconds", "node", "reason"], header[..8]);
        Assert.Equal(ShownTrials.Count, rows.Count - 1);
        Assert.Equal(Enumerable.Range(1, ShownTrials.Count).Select(i => i.ToString(CultureInfo.InvariantCulture)), rows.Skip(1).Select(r => r[0]));
        foreach (var row in rows.Skip(1))
        {
            var cell = (string column) => row[Array.IndexOf(header, column)];
            var shown = ShownTrials.Single(t => t.GetProperty("id").GetInt32().ToString(CultureInfo.InvariantCulture) == cell("id"));
            Assert.Equal(shown.GetProperty("status").GetString(), cell("status"));
            Assert.Equal(shown.GetProperty("node").GetString(), cell("node"));
            Assert.Equal(shown.TryGetProperty("reason", out var reason) ? reason.GetString() : "", cell("reason"));
            Assert.Equal(NumberText(shown.GetProperty("value")), cell("value"));
            Assert.Equal(shown.TryGetProperty("best_epoch", out var bestEpoch) ? bestEpoch.GetInt32().ToString(CultureInfo.InvariantCulture) : "", cell("best_epoch"));
            Assert.Equal(shown.GetProperty("epochs").GetArrayLength().ToString(CultureInfo.InvariantCulture), cell("epochs"));
            // A trial's row carries the hyperparameters of its best epoch, as show --json's best_params.
            foreach (var param in shown.GetProperty("best_params").EnumerateObject())
            {
                Assert.Equal(param.Value.ValueKind == JsonValueKind.Number ? NumberText(param.Value) : param.Value.GetString(), cell(param.Name));
            }
        }
        Assert.Contains("\"a, \"\"quoted\"\" word\"", text);
    }

    [Fact]
    public async Task Json_epoch_export_to_a_file_has_every_epoch_of_show_json()
    {
        var file = Path.Combine(_sweep.Directory, "out", "epochs.json");
        var run = await ActorTuneProcess.RunAsync(_sweep.Directory, "export", FinishedSweep.Name, "--format", "json", "--epochs", "--out", file);
        Assert.True(run.Exit == 0, run.Err);
        var rows = JsonDocument.Parse(File.ReadAllText(file)).RootElement.EnumerateArray().ToList();
        var expected = ShownTrials.SelectMany(t => t.GetProperty("epochs").EnumerateArray().Select(e => (Trial: t, Epoch: e))).ToList();
        Assert.Equal(expected.Count, rows.Count);
        foreach (var (trial, epoch) in expected)
        {
            var row = rows.Single(r => r.GetProperty("trial").GetInt32() == trial.GetProperty("id").GetInt32() &&
                                       r.GetProperty("epoch").GetInt32() == epoch.GetProperty("epoch").GetInt32());
            foreach (var metric in epoch.EnumerateObject())
            {
                Assert.Equal(metric.Value.GetRawText(), row.GetProperty(metric.Name).GetRawText());
            }
            foreach (var param in trial.GetProperty("params").EnumerateObject())
            {
                Assert.Equal(param.Value.GetRawText(), row.GetProperty(param.Name).GetRawText());
            }
        }
    }

    [Fact]
    public async Task Bad_export_and_report_usage_exits_2()
    {
        Assert.Equal(2, (await ActorTuneProcess.RunAsync(_sweep.Directory, "export", FinishedSweep.Name, "--format", "xml")).Exit);
        Assert.Equal(2, (await ActorTuneProcess.RunAsync(_sweep.Directory, "export", "no-such-sweep", "--format", "csv")).Exit);
        Assert.Equal(2, (await ActorTuneProcess.RunAsync(_sweep.Directory, "report", "no-such-sweep")).Exit);
    }

    /// <summary>A JSON number as the CSV writes it (shortest round trip); null as an empty field.</summary>
    private static string NumberText(JsonElement value) =>
        value.ValueKind == JsonValueKind.Null ? "" : value.GetDouble().ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>An RFC 4180 reader, written from the RFC for the test, so the export is checked against the standard, not against itself.</summary>
internal static class Csv
{
    public static List<string[]> Parse(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                Assert.True(field.Length == 0, "a quote inside an unquoted field");
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add([.. row]);
                row.Clear();
                i++;
            }
            else
            {
                Assert.False(c is '\r' or '\n', "a bare line break outside quotes");
                field.Append(c);
            }
        }
        Assert.False(quoted, "an unterminated quoted field");
        Assert.True(field.Length == 0 && row.Count == 0, "the last record must end with CRLF");
        Assert.All(rows, r => Assert.Equal(rows[0].Length, r.Length));
        return rows;
    }
}
