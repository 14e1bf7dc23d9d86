namespace ActorTune.Model.Analysis;

/// <summary>
/// A random forest of regression trees (Breiman 2001) over points of the unit cube: each tree is grown to pure
/// leaves on a bootstrap sample, splitting where the squared error falls most, at midpoints between observed values.
/// It only has to be a good enough surrogate of "value as a function of the hyperparameters" for
/// <see cref="Fanova"/> to decompose; the draws are seeded, so the same trials always grow the same forest.
/// </summary>
public sealed class RegressionForest
{
    internal RegressionForest(IReadOnlyList<Node> trees)
    {
        Trees = trees;
    }

    /// <summary>The root of every tree.</summary>
    public IReadOnlyList<Node> Trees { get; }

    /// <summary>A split (<see cref="Feature"/> ≥ 0: points with x[Feature] &lt; Threshold go left) or a leaf with its value.</summary>
    public sealed record Node(int Feature, double Threshold, Node? Left, Node? Right, double Value)
    {
        public bool IsLeaf => Left is null;

        public double Predict(IReadOnlyList<double> x) =>
            IsLeaf ? Value : (x[Feature] < Threshold ? Left! : Right!).Predict(x);
    }

    public static RegressionForest Grow(IReadOnlyList<double[]> points, IReadOnlyList<double> values, int trees, int seed)
    {
        var random = new Random(seed);
        var roots = new List<Node>(trees);
        for (var t = 0; t < trees; t++)
        {
            var sample = Enumerable.Range(0, points.Count).Select(_ => random.Next(points.Count)).ToArray();
            roots.Add(Grow(points, values, sample));
        }
        return new RegressionForest(roots);
    }

    public double Predict(IReadOnlyList<double> x) => Trees.Average(tree => tree.Predict(x));

    private static Node Grow(IReadOnlyList<double[]> points, IReadOnlyList<double> values, int[] sample)
    {
        var mean = sample.Average(i => values[i]);
        if (sample.Length < 2 || sample.All(i => values[i] == values[sample[0]]))
        {
            return new Node(-1, 0, null, null, mean);
        }
        var (feature, threshold) = BestSplit(points, values, sample);
        if (feature < 0)
        {
            // Points that differ in value but not in any coordinate: nothing to split on.
            return new Node(-1, 0, null, null, mean);
        }
        var left = sample.Where(i => points[i][feature] < threshold).ToArray();
        var right = sample.Where(i => points[i][feature] >= threshold).ToArray();
        return new Node(feature, threshold, Grow(points, values, left), Grow(points, values, right), mean);
    }

    /// <summary>The split that lowers the summed squared error most; ties go to the lower feature and threshold.</summary>
    private static (int Feature, double Threshold) BestSplit(IReadOnlyList<double[]> points, IReadOnlyList<double> values, int[] sample)
    {
        var (bestFeature, bestThreshold, bestScore) = (-1, 0.0, double.NegativeInfinity);
        var total = sample.Sum(i => values[i]);
        var n = sample.Length;
        for (var feature = 0; feature < points[sample[0]].Length; feature++)
        {
            var order = sample.OrderBy(i => points[i][feature]).ToArray();
            var leftSum = 0.0;
            for (var k = 1; k < n; k++)
            {
                leftSum += values[order[k - 1]];
                var (below, above) = (points[order[k - 1]][feature], points[order[k]][feature]);
                if (below == above)
                {
                    continue;
                }
                // Minimising the squared error is maximising sum_left² / n_left + sum_right² / n_right.
                var rightSum = total - leftSum;
                var score = leftSum * leftSum / k + rightSum * rightSum / (n - k);
                if (bestFeature < 0 || score > bestScore + 1e-12 * Math.Abs(bestScore))
                {
                    (bestFeature, bestThreshold, bestScore) = (feature, (below + above) / 2, score);
                }
            }
        }
        return (bestFeature, bestThreshold);
    }
}
