using ActorTune.Model.Data;

namespace ActorTune.Model.Tests;

/// <summary>Small made-up data sets: Gaussian blobs, one per class.</summary>
internal static class TestData
{
    public static PreparedData Blobs(int rows = 300, int features = 6, int classes = 3, int seed = 5, double spread = 1.0)
    {
        var random = new Random(seed);
        var centres = Enumerable.Range(0, classes).Select(_ => Enumerable.Range(0, features).Select(_ => random.NextDouble() * 4 - 2).ToArray()).ToArray();
        var x = new float[rows * features];
        var y = new int[rows];
        for (var r = 0; r < rows; r++)
        {
            y[r] = r % classes;
            for (var j = 0; j < features; j++)
            {
                x[r * features + j] = (float)(centres[y[r]][j] + spread * Gaussian(random));
            }
        }
        var data = new DataSet("blobs", x, y, features, Enumerable.Range(0, classes).Select(c => c.ToString()).ToList(),
            Enumerable.Range(0, features).Select(j => $"x{j}").ToList());
        return PreparedData.From(data, 0.2);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
