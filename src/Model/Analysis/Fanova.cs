namespace ActorTune.Model.Analysis;

/// <summary>
/// Functional ANOVA on a random forest (Hutter, Hoos and Leyton-Brown, "An Efficient Approach for Assessing
/// Hyperparameter Importance", ICML 2014), main effects only. A parameter's importance is the fraction of the
/// variance of the predicted value, over the whole unit cube (every parameter uniform on its own scale), that its
/// marginal — the prediction averaged over all the other parameters — explains. A tree is a set of boxes with
/// constant values, so both variances are exact sums over its leaves; the fractions are averaged over the trees.
/// <para>
/// Chosen over PED-ANOVA because it judges the model, not where the trials happened to be: coarse to fine and TPE
/// spend their late trials in a narrow region, so comparing the best trials with all trials (PED-ANOVA's densities)
/// makes any parameter the strategy narrowed, by luck or not, look important, while the forest sees that inside the
/// region the value still varies with the parameters that matter and not with the rest.
/// </para>
/// </summary>
public static class Fanova
{
    /// <summary>Each parameter's main-effect share of the variance (space order), averaged over the trees.</summary>
    public static double[] MainEffects(RegressionForest forest, int dimensions)
    {
        var sums = new double[dimensions];
        var counted = 0;
        foreach (var tree in forest.Trees)
        {
            var leaves = new List<Leaf>();
            Collect(tree, Enumerable.Repeat(0.0, dimensions).ToArray(), Enumerable.Repeat(1.0, dimensions).ToArray(), leaves);
            var mean = leaves.Sum(l => l.Volume * l.Value);
            var variance = leaves.Sum(l => l.Volume * l.Value * l.Value) - mean * mean;
            if (variance <= 1e-12 * Math.Max(1, mean * mean))
            {
                // A constant tree explains nothing about any parameter.
                continue;
            }
            counted++;
            for (var d = 0; d < dimensions; d++)
            {
                sums[d] += Math.Max(0, MarginalVariance(leaves, d, mean)) / variance;
            }
        }
        return sums.Select(s => counted == 0 ? 0 : s / counted).ToArray();
    }

    /// <summary>A leaf's box [Low, High) in the unit cube and its value.</summary>
    private sealed record Leaf(double[] Low, double[] High, double Value)
    {
        public double Volume => Low.Zip(High, (l, h) => h - l).Aggregate(1.0, (v, w) => v * w);
    }

    private static void Collect(RegressionForest.Node node, double[] low, double[] high, List<Leaf> leaves)
    {
        if (node.IsLeaf)
        {
            if (low.Zip(high).All(b => b.Second > b.First))
            {
                leaves.Add(new Leaf(low, high, node.Value));
            }
            return;
        }
        var (d, t) = (node.Feature, Math.Clamp(node.Threshold, low[node.Feature], high[node.Feature]));
        var leftHigh = (double[])high.Clone();
        leftHigh[d] = t;
        var rightLow = (double[])low.Clone();
        rightLow[d] = t;
        Collect(node.Left!, low, leftHigh, leaves);
        Collect(node.Right!, rightLow, high, leaves);
    }

    /// <summary>
    /// The variance over x_d of the marginal f_d(x_d) = E[f | x_d]: between consecutive cut points on axis d every leaf
    /// either spans the slice or misses it, and a spanning leaf adds its value times its cross-section.
    /// </summary>
    private static double MarginalVariance(IReadOnlyList<Leaf> leaves, int d, double mean)
    {
        var cuts = leaves.SelectMany(l => new[] { l.Low[d], l.High[d] }).Distinct().Order().ToList();
        var sum = 0.0;
        for (var j = 0; j + 1 < cuts.Count; j++)
        {
            var (from, to) = (cuts[j], cuts[j + 1]);
            var marginal = leaves.Where(l => l.Low[d] <= from && l.High[d] >= to).Sum(l => l.Value * l.Volume / (l.High[d] - l.Low[d]));
            sum += (to - from) * marginal * marginal;
        }
        return sum - mean * mean;
    }
}
