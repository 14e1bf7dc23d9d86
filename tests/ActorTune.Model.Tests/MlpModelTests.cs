using ActorTune.Model.Data;
using ActorTune.Model.Training;
using ActorTune.Model.Training.Mlp;

namespace ActorTune.Model.Tests;

/// <summary>The exported MLP model: what predict computes is what training measured, and a file that does not fit is refused.</summary>
public class MlpModelTests
{
    private static DataSet Blobs(int rows = 200)
    {
        var random = new Random(9);
        var x = new float[rows * 5];
        var y = new int[rows];
        for (var r = 0; r < rows; r++)
        {
            y[r] = r % 3;
            for (var j = 0; j < 5; j++)
            {
                x[r * 5 + j] = (float)(10 * y[r] * (j % 2) + 3 * random.NextDouble() + j);
            }
        }
        return new DataSet("blobs", x, y, 5, ["cat", "dog", "eel"], ["a", "b", "c", "d", "e"]);
    }

    private static MlpModel.Origin Origin => new("s", 1, 2, 2, "val_accuracy", null, new Dictionary<string, string>());

    private static MlpModel.CsvOptions Csv => new(null, null, ["a", "b", "c", "d", "e"]);

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void Predicting_the_validation_rows_from_raw_features_matches_the_trainers_val_accuracy(int layers)
    {
        var data = Blobs();
        var split = PreparedData.From(data, 0.3);
        var settings = MlpSettings.Default with { Layers = layers, HiddenUnits = 7, LearningRate = 0.003, BatchSize = 8 };
        using var trainer = new MlpTrainer(settings, split, 4);
        trainer.RunEpoch(1);
        var accuracy = trainer.RunEpoch(2)[MetricNames.ValidationAccuracy];
        var (parameters, epoch) = MlpTrainer.ReadParameters(trainer.SaveCheckpoint());
        Assert.Equal(2, epoch);

        var model = MlpModel.FromJson(MlpModel.Create(Origin, settings, [split], [parameters], Csv).ToJson());
        var validRows = Enumerable.Range(split.TrainRows, split.ValidRows).ToArray();
        var raw = validRows.SelectMany(r => data.Features.Skip(r * 5).Take(5)).ToArray();
        var (probabilities, predicted) = model.Predict(raw, validRows.Length);

        Assert.Equal(accuracy, predicted.Where((p, i) => p == split.ValidY[i]).Count() / (double)validRows.Length);
        Assert.Equal(["cat", "dog", "eel"], model.Classes);
        for (var r = 0; r < validRows.Length; r++)
        {
            Assert.Equal(1.0, probabilities.Skip(r * 3).Take(3).Sum(), 9);
        }
    }

    [Fact]
    public void A_file_whose_parts_do_not_fit_is_refused()
    {
        var data = Blobs();
        var split = PreparedData.From(data, 0.3);
        var settings = MlpSettings.Default with { Layers = 1, HiddenUnits = 4 };
        using var trainer = new MlpTrainer(settings, split, 4);
        var (parameters, _) = MlpTrainer.ReadParameters(trainer.SaveCheckpoint());
        var json = MlpModel.Create(Origin, settings, [split], [parameters], Csv).ToJson();

        Assert.Contains("version 2", Assert.Throws<InvalidDataException>(() => MlpModel.FromJson(json.Replace("\"version\": 1", "\"version\": 2"))).Message);
        Assert.Throws<InvalidDataException>(() => MlpModel.FromJson(json.Replace("\"relu\"", "\"swish\"")));
        Assert.Throws<InvalidDataException>(() => MlpModel.Create(Origin, settings with { HiddenUnits = 5 }, [split], [parameters], Csv));
        Assert.True(MlpModel.IsModelFile(System.Text.Encoding.UTF8.GetBytes(json)));
        Assert.False(MlpModel.IsModelFile([1, 2, 3, 4]));
    }

    [Fact]
    public void Prediction_rows_are_read_with_or_without_labels_and_with_the_sweeps_label_column()
    {
        var path = Path.Combine(Path.GetTempPath(), $"predict-{Guid.NewGuid():N}.csv");
        try
        {
            File.WriteAllText(path, "kind,a,b\ncat,1,2\ndog,3,4\n");
            var (features, labels, rows) = CsvDataLoader.LoadFeatures(path, 2, "kind");
            Assert.Equal(2, rows);
            Assert.Equal([1f, 2, 3, 4], features);
            Assert.Equal(["cat", "dog"], labels!);

            File.WriteAllText(path, "a,b\n1,2\n3,4\n");
            (features, labels, rows) = CsvDataLoader.LoadFeatures(path, 2, "kind");
            Assert.Equal(2, rows);
            Assert.Equal([1f, 2, 3, 4], features);
            Assert.Null(labels);

            File.WriteAllText(path, "1,2,3,4\n");
            Assert.Contains("4 columns; the model takes 2 features", Assert.Throws<DataFormatException>(() => CsvDataLoader.LoadFeatures(path, 2)).Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
