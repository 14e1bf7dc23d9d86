using System.Globalization;
using System.IO.Compression;
using System.Text.Json;

namespace ActorTune.Host.Tests;

/// <summary>
/// data.shuffle / data.folds end to end, and <c>export NAME --best-model</c> + <c>predict</c>: the exported MLP, asked
/// about the validation rows, is right exactly as often as the best trial's val_accuracy says.
/// </summary>
[Collection(ProcessesCollection.Name)]
public sealed class BestModelTests : IDisposable
{
    private readonly Workspace _work = new();

    public void Dispose() => _work.Dispose();

    private string Digits(string name, string data, string extra = "", string model = "") => _work.Sweep(name, $$"""
          seed = 5
          data {
            path = "{{ActorTuneProcess.DigitsPath}}"
            {{data}}
          }
          {{model}}
          epochs = 2
          trials = 2
          concurrency = 2
          {{extra}}
          space {
            learning-rate { scale = log, min = 3e-3, max = 1e-2 }
            hidden-units = 32
          }
        """);

    private static string[] DigitsLines()
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(ActorTuneProcess.DigitsPath), CompressionMode.Decompress));
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private async Task<JsonElement> ShowAsync(string name)
    {
        var show = await ActorTuneProcess.RunAsync(_work.Directory, "show", name, "--json");
        Assert.True(show.Exit == 0, show.Err);
        return JsonDocument.Parse(show.Out).RootElement;
    }

    [Fact]
    public async Task The_exported_best_model_predicts_the_validation_rows_with_the_best_trials_accuracy()
    {
        var run = await ActorTuneProcess.RunAsync(_work.Directory, "run", Digits("best", "validation = 0.2"));
        Assert.True(run.Exit == 0, run.Out + run.Err);
        var best = (await ShowAsync("best")).GetProperty("best");
        var value = best.GetProperty("value").GetDouble();

        var export = await ActorTuneProcess.RunAsync(_work.Directory, "export", "best", "--best-model", "--out", "model/best.json");
        Assert.True(export.Exit == 0, export.Out + export.Err);
        Assert.Contains($"trial {best.GetProperty("trial").GetInt32()}, checkpoint of epoch", export.Out);
        var model = JsonDocument.Parse(File.ReadAllText(Path.Combine(_work.Directory, "model", "best.json"))).RootElement;
        Assert.Equal("actortune-model", model.GetProperty("format").GetString());
        Assert.Equal([64, 32, 10], model.GetProperty("widths").EnumerateArray().Select(w => w.GetInt32()));
        Assert.Equal(Enumerable.Range(0, 10).Select(c => c.ToString(CultureInfo.InvariantCulture)),
            model.GetProperty("classes").EnumerateArray().Select(c => c.GetString()));

        // The validation rows are the last 360 of the file (no shuffle): the same standardisation, the same forward pass.
        var valid = _work.Write("valid.csv", string.Join('\n', DigitsLines()[^360..]) + "\n");
        var predict = await ActorTuneProcess.RunAsync(_work.Directory, "predict", "model/best.json", "--data", valid, "--out", "predictions.csv");
        Assert.True(predict.Exit == 0, predict.Out + predict.Err);
        var correct = (int)Math.Round(value * 360);
        Assert.Contains($"accuracy {value.ToString("0.####", CultureInfo.InvariantCulture)} ({correct} of 360 rows)", predict.Err);
        var lines = File.ReadAllLines(Path.Combine(_work.Directory, "predictions.csv"));
        Assert.Equal("row,label,predicted,p_0,p_1,p_2,p_3,p_4,p_5,p_6,p_7,p_8,p_9", lines[0]);
        Assert.Equal(361, lines.Length);
        Assert.Equal(correct, lines.Skip(1).Select(l => l.Split(',')).Count(cells => cells[1] == cells[2]));

        // Without labels: predictions only, no accuracy.
        var unlabelled = _work.Write("unlabelled.csv", string.Join('\n', DigitsLines()[^5..].Select(l => l[..l.LastIndexOf(',')])) + "\n");
        var bare = await ActorTuneProcess.RunAsync(_work.Directory, "predict", "model/best.json", "--data", unlabelled);
        Assert.True(bare.Exit == 0, bare.Err);
        Assert.Equal(6, bare.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.DoesNotContain("accuracy", bare.Err);
    }

    [Fact]
    public async Task A_shuffled_cross_validated_sweep_averages_its_folds_and_exports_every_fold()
    {
        var run = await ActorTuneProcess.RunAsync(_work.Directory, "run", Digits("folds", "shuffle = true\n    folds = 3"));
        Assert.True(run.Exit == 0, run.Out + run.Err);
        var json = await ShowAsync("folds");
        var trials = json.GetProperty("trials").EnumerateArray().ToList();
        Assert.Equal(2, trials.Count);
        Assert.All(trials, t => Assert.Equal("completed", t.GetProperty("status").GetString()));
        Assert.All(trials, t => Assert.InRange(t.GetProperty("value").GetDouble(), 0.5, 1));

        var export = await ActorTuneProcess.RunAsync(_work.Directory, "export", "folds", "--best-model", "--out", "folds.json");
        Assert.True(export.Exit == 0, export.Out + export.Err);
        Assert.Contains("3 folds averaged", export.Out);
        var model = JsonDocument.Parse(File.ReadAllText(Path.Combine(_work.Directory, "folds.json"))).RootElement;
        Assert.Equal(3, model.GetProperty("members").GetArrayLength());
        var predict = await ActorTuneProcess.RunAsync(_work.Directory, "predict", "folds.json", "--data", ActorTuneProcess.DigitsPath);
        Assert.True(predict.Exit == 0, predict.Err);
        Assert.Contains("of 1797 rows", predict.Err);
    }

    [Theory]
    [InlineData("folds = 3\n    validation = 0.2", "sweep.data.folds: cross-validation holds out each fold in turn")]
    [InlineData("folds = 1", "sweep.data.folds: 1 must be at least 2")]
    [InlineData("shuffle = maybe", "sweep.data.shuffle: 'maybe' must be true or false")]
    [InlineData("folds = 5000", "data.folds = 5000 is more than its 1797 rows")]
    public async Task Bad_shuffle_and_fold_settings_are_refused_with_their_key(string data, string expected)
    {
        var (exit, _, err) = await ActorTuneProcess.RunAsync(_work.Directory, "run", Digits("bad", data));
        Assert.Equal(2, exit);
        Assert.Contains(expected, err);
    }

    [Fact]
    public async Task Folds_on_a_model_without_data_are_refused()
    {
        var file = _work.Sweep("synthetic-folds", """
              model = synthetic
              data {
                path = "x.csv"
                folds = 3
              }
              space {
                learning-rate { scale = log, min = 1e-4, max = 1 }
              }
            """);
        _work.Write("x.csv", "1,0\n2,1\n3,0\n");
        var (exit, _, err) = await ActorTuneProcess.RunAsync(_work.Directory, "run", file);
        Assert.Equal(2, exit);
        Assert.Contains("sweep.data.folds: model = synthetic does not train on the sweep's data", err);
    }

    [Fact]
    public async Task Other_models_export_their_raw_checkpoint_which_predict_refuses()
    {
        var file = _work.Sweep("synthetic", """
              model = synthetic
              epochs = 3
              trials = 2
              space {
                learning-rate { scale = log, min = 1e-4, max = 1 }
              }
            """);
        Assert.Equal(0, (await ActorTuneProcess.RunAsync(_work.Directory, "run", file)).Exit);

        var export = await ActorTuneProcess.RunAsync(_work.Directory, "export", "synthetic", "--best-model", "--out", "raw.bin");
        Assert.True(export.Exit == 0, export.Err);
        Assert.Contains("as the synthetic trainable saved them", export.Out);
        // The synthetic model's checkpoint is its epoch count: the best epoch's own checkpoint, as it saved it.
        var epoch = BitConverter.ToInt32(File.ReadAllBytes(Path.Combine(_work.Directory, "raw.bin")));
        var best = await ShowAsync("synthetic");
        var bestTrial = best.GetProperty("trials").EnumerateArray().First(t => t.GetProperty("id").GetInt32() == best.GetProperty("best").GetProperty("trial").GetInt32());
        Assert.Equal(bestTrial.GetProperty("best_epoch").GetInt32(), epoch);

        var predict = await ActorTuneProcess.RunAsync(_work.Directory, "predict", "raw.bin", "--data", ActorTuneProcess.DigitsPath);
        Assert.Equal(2, predict.Exit);
        Assert.Contains("is not an MLP model file; predict runs only those", predict.Err);
    }

    [Fact]
    public async Task Export_and_predict_refuse_bad_input_with_exit_2()
    {
        Assert.Equal(0, (await ActorTuneProcess.RunAsync(_work.Directory, "run", Digits("small", "validation = 0.2"))).Exit);

        var noOut = await ActorTuneProcess.RunAsync(_work.Directory, "export", "small", "--best-model");
        Assert.Equal(2, noOut.Exit);
        Assert.Contains("--best-model needs --out FILE", noOut.Err);
        var both = await ActorTuneProcess.RunAsync(_work.Directory, "export", "small", "--best-model", "--format", "csv", "--out", "x");
        Assert.Equal(2, both.Exit);
        var noFormat = await ActorTuneProcess.RunAsync(_work.Directory, "export", "small");
        Assert.Equal(2, noFormat.Exit);
        Assert.Contains("--format csv|json is required", noFormat.Err);
        var unknown = await ActorTuneProcess.RunAsync(_work.Directory, "export", "nope", "--best-model", "--out", "x");
        Assert.Equal(2, unknown.Exit);
        Assert.Contains("no sweep named 'nope'", unknown.Err);

        Assert.Equal(0, (await ActorTuneProcess.RunAsync(_work.Directory, "export", "small", "--best-model", "--out", "m.json")).Exit);
        var ragged = _work.Write("ragged.csv", "1,2,3\n");
        var wide = await ActorTuneProcess.RunAsync(_work.Directory, "predict", "m.json", "--data", ragged);
        Assert.Equal(2, wide.Exit);
        Assert.Contains("3 columns; the model takes 64 features", wide.Err);
        var words = _work.Write("words.csv", string.Join(',', Enumerable.Repeat("1", 64)) + ",3\n" + string.Join(',', Enumerable.Repeat("x", 64)) + ",3\n");
        var notNumbers = await ActorTuneProcess.RunAsync(_work.Directory, "predict", "m.json", "--data", words);
        Assert.Equal(2, notNumbers.Exit);
        Assert.Contains("line 2: column 1: 'x' is not a number", notNumbers.Err);
        var missing = await ActorTuneProcess.RunAsync(_work.Directory, "predict", "absent.json", "--data", words);
        Assert.Equal(2, missing.Exit);
        _work.Write("broken.json", "{\"format\": \"actortune-model\", \"version\": 9}");
        var newer = await ActorTuneProcess.RunAsync(_work.Directory, "predict", "broken.json", "--data", words);
        Assert.Equal(2, newer.Exit);
        Assert.Contains("version 9", newer.Err);

        // No checkpoint left (as with a trainable that saves none): a clear message, nothing written.
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_work.Directory, "actortune.db")};Pooling=false"))
        {
            connection.Open();
            using var delete = connection.CreateCommand();
            delete.CommandText = "DELETE FROM actortune_checkpoints";
            delete.ExecuteNonQuery();
        }
        var none = await ActorTuneProcess.RunAsync(_work.Directory, "export", "small", "--best-model", "--out", "none.json");
        Assert.Equal(2, none.Exit);
        Assert.Contains("saved no checkpoint", none.Err);
        Assert.False(File.Exists(Path.Combine(_work.Directory, "none.json")));
    }
}
