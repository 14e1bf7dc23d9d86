using ActorTune.Model.Data;

namespace ActorTune.Model.Tests;

/// <summary>Which rows train and which validate: the first ⌊(1 − validation)·rows⌋ train, the rest validate.</summary>
public class DataSplitTests
{
    [Theory]
    [InlineData(1797, 0.2, 1437, 360)] // digits, as data/README.md states it
    [InlineData(10, 0.3, 7, 3)]        // 0.7 · 10 is 7.000…01 in doubles; still 7
    [InlineData(100, 0.2, 80, 20)]
    [InlineData(5, 0.5, 2, 3)]
    public void The_first_rows_train_and_the_rest_validate(int rows, double validation, int train, int valid)
    {
        var data = new DataSet("rows", [.. Enumerable.Range(0, rows).Select(r => (float)r)], [.. Enumerable.Range(0, rows).Select(r => r % 2)],
            1, ["0", "1"], ["x"]);

        var prepared = PreparedData.From(data, validation);

        Assert.Equal(train, prepared.TrainRows);
        Assert.Equal(valid, prepared.ValidRows);
        Assert.Equal(data.Labels[train..], prepared.ValidY);
    }

    [Fact]
    public void A_split_that_leaves_no_training_row_is_refused()
    {
        var data = new DataSet("rows", [1f, 2f, 3f], [0, 1, 0], 1, ["0", "1"], ["x"]);

        Assert.Throws<ArgumentException>(() => PreparedData.From(data, 0.9));
    }
}
