using ActorTune.Model.Data;
using ActorTune.Model.Space;
using ActorTune.Model.Sweep;
using ActorTune.Model.Training;
using ActorTune.Model.Training.Mlp;

namespace ActorTune.Model.Tests;

/// <summary>data.shuffle and data.folds: the splits are partitions, seeded, and a cross-validated trial averages its folds.</summary>
public class CrossValidationTests
{
    private static DataSet Rows(int rows) =>
        new("rows", [.. Enumerable.Range(0, rows).Select(r => (float)r)], [.. Enumerable.Range(0, rows).Select(r => r % 2)], 1, ["0", "1"], ["x"]);

    [Theory]
    [InlineData(10, 2)]
    [InlineData(1797, 5)]
    [InlineData(7, 3)]
    [InlineData(5, 5)]
    public void Every_fold_is_a_partition_and_every_row_is_held_out_exactly_once(int rows, int k)
    {
        foreach (var shuffle in new[] { false, true })
        {
            var folds = RowSplits.Folds(RowSplits.Order(rows, shuffle, 42), k);

            Assert.Equal(k, folds.Count);
            foreach (var (train, valid) in folds)
            {
                Assert.Equal(Enumerable.Range(0, rows), train.Concat(valid).Order());
                Assert.InRange(valid.Length, rows / k, (rows + k - 1) / k);
            }
            Assert.Equal(Enumerable.Range(0, rows), folds.SelectMany(f => f.Valid).Order());
        }
    }

    [Fact]
    public void The_shuffle_repeats_with_its_seed_and_differs_with_another()
    {
        var a = RowSplits.Order(1797, shuffle: true, 42);

        Assert.Equal(a, RowSplits.Order(1797, shuffle: true, 42));
        Assert.NotEqual(a, RowSplits.Order(1797, shuffle: true, 43));
        Assert.NotEqual(Enumerable.Range(0, 1797), a);
        Assert.Equal(Enumerable.Range(0, 1797), a.Order());
        Assert.Equal(Enumerable.Range(0, 1797), RowSplits.Order(1797, shuffle: false, 42));
    }

    [Fact]
    public void Shuffling_happens_before_the_validation_split()
    {
        var data = Rows(100);
        var spec = new DataSpec("rows", 0.2, Shuffle: true, ShuffleSeed: 7);

        var split = Assert.Single(PreparedData.Splits(data, spec));
        var order = RowSplits.Order(100, true, 7);

        Assert.Equal(20, split.ValidRows);
        Assert.Equal(order[80..].Select(r => data.Labels[r]), split.ValidY);
        // Standardised with the training rows only: their feature values are the row numbers of order[..80].
        Assert.Equal(order[..80].Average(), split.Mean[0], 9);
        Assert.NotEqual(Enumerable.Range(80, 20).Select(r => r % 2), split.ValidY);
    }

    [Fact]
    public void Folds_stand_each_on_their_own_training_rows()
    {
        var splits = PreparedData.Splits(Rows(10), new DataSpec("rows", 0.2, Folds: 5));

        Assert.Equal(5, splits.Count);
        Assert.All(splits, s => Assert.Equal((8, 2), (s.TrainRows, s.ValidRows)));
        // Fold 0 holds out rows 0 and 1: its mean is that of rows 2..9; fold 4 holds out 8 and 9.
        Assert.Equal(5.5, splits[0].Mean[0], 9);
        Assert.Equal(3.5, splits[4].Mean[0], 9);
    }

    [Fact]
    public void More_folds_than_rows_is_refused_naming_the_key()
    {
        var error = Assert.Throws<DataFormatException>(() => PreparedData.Splits(Rows(4), new DataSpec("rows", 0.2, Folds: 5)));

        Assert.Contains("data.folds = 5", error.Message);
        Assert.Contains("4 rows", error.Message);
    }

    [Fact]
    public void A_cross_validated_trial_reports_the_mean_of_its_folds_and_checkpoints_every_fold()
    {
        var data = Blobs(120);
        var splits = PreparedData.Splits(data, new DataSpec("blobs", 0.2, Shuffle: true, Folds: 3, ShuffleSeed: 3));
        var settings = MlpSettings.Default with { HiddenUnits = 8, BatchSize = 16, LearningRate = 0.01 };
        var single = splits.Select(s => new MlpTrainer(settings, s, 11)).ToList();
        using var folded = new CrossValidatedTrainable([.. splits.Select(s => new MlpTrainer(settings, s, 11))]);

        var each = single.Select(t => t.RunEpoch(1)).ToList();
        var mean = folded.RunEpoch(1);

        Assert.Equal(each[0].Keys.Order(), mean.Keys.Order());
        foreach (var name in mean.Keys)
        {
            Assert.Equal(each.Average(m => m[name]), mean[name], 12);
        }

        var checkpoint = folded.SaveCheckpoint();
        Assert.Equal(3, CrossValidatedTrainable.Split(checkpoint).Count);
        var expected = folded.RunEpoch(2);
        using var restored = new CrossValidatedTrainable([.. splits.Select(s => new MlpTrainer(settings, s, 11))]);
        restored.LoadCheckpoint(checkpoint);
        Assert.Equal(expected, restored.RunEpoch(2));

        using var wrongCount = new CrossValidatedTrainable([.. splits.Take(2).Select(s => new MlpTrainer(settings, s, 11))]);
        Assert.Throws<InvalidDataException>(() => wrongCount.LoadCheckpoint(checkpoint));
    }

    [Fact]
    public void A_sweep_with_folds_trains_one_model_per_fold()
    {
        var path = Path.Combine(Path.GetTempPath(), $"cv-{Guid.NewGuid():N}.csv");
        var data = Blobs(60);
        File.WriteAllLines(path, Enumerable.Range(0, data.Rows).Select(r =>
            string.Join(",", data.Features.Skip(r * data.FeatureCount).Take(data.FeatureCount)) + "," + data.Labels[r]));
        try
        {
            var spec = TestSpecs.Synthetic(1, TestSpecs.TwoParameterSpace()) with
            {
                Model = ComponentSpec.Named(TrainableCatalog.Mlp),
                Data = new DataSpec(path, 0.2, Folds: 4),
            };
            using var trainable = TrainableCatalog.Create(spec, 1, new TrialConfig([]), 5);

            var folded = Assert.IsType<CrossValidatedTrainable>(trainable);
            Assert.Equal(4, folded.Folds);
            Assert.InRange(folded.RunEpoch(1)[MetricNames.ValidationAccuracy], 0, 1);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static DataSet Blobs(int rows)
    {
        var random = new Random(5);
        var x = new float[rows * 4];
        var y = new int[rows];
        for (var r = 0; r < rows; r++)
        {
            y[r] = r % 3;
            for (var j = 0; j < 4; j++)
            {
                x[r * 4 + j] = (float)(y[r] * (j + 1) + random.NextDouble());
            }
        }
        return new DataSet("blobs", x, y, 4, ["0", "1", "2"], ["a", "b", "c", "d"]);
    }
}
