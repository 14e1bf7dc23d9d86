using ActorTune.Model.Randomness;

namespace ActorTune.Model.Data;

/// <summary>
/// Which rows train and which validate: one held-out split (the last fraction of the rows) or k folds (each
/// contiguous block of the order held out once), in file order or a seeded random order. Pure: the same rows, flag
/// and seed always give the same splits.
/// </summary>
public static class RowSplits
{
    /// <summary>The row order splits are taken from: 0..rows-1, or a Fisher–Yates shuffle seeded from <paramref name="seed"/>.</summary>
    public static int[] Order(int rows, bool shuffle, long seed)
    {
        var order = Enumerable.Range(0, rows).ToArray();
        if (shuffle)
        {
            new Random(Seeds.Derive(seed, Seeds.Purpose("data-shuffle"))).Shuffle(order);
        }
        return order;
    }

    /// <summary>
    /// The first ⌊(1 − validation)·rows⌋ rows of the order train and the rest validate (digits at 0.2: 1,437 and 360,
    /// the convention of data/README.md); the small epsilon keeps 0.7·10 = 7.000…01 or 6.999…9 from moving a row.
    /// </summary>
    public static (int[] Train, int[] Valid) Holdout(int[] order, double validation)
    {
        var trainRows = (int)Math.Floor(order.Length * (1 - validation) + 1e-9);
        var validRows = order.Length - trainRows;
        if (trainRows < 1 || validRows < 1)
        {
            throw new ArgumentException(
                $"validation = {validation} leaves {trainRows} training and {validRows} validation rows of {order.Length}; both need at least one");
        }
        return (order[..trainRows], order[trainRows..]);
    }

    /// <summary>
    /// k folds of sizes ⌊n/k⌋ or ⌈n/k⌉: fold i validates on positions [⌊i·n/k⌋, ⌊(i+1)·n/k⌋) of the order and trains on
    /// every other row (in the order's sequence). Every row is validated in exactly one fold.
    /// </summary>
    public static IReadOnlyList<(int[] Train, int[] Valid)> Folds(int[] order, int k)
    {
        if (k < 2)
        {
            throw new ArgumentException($"folds = {k}: cross-validation needs at least 2");
        }
        if (k > order.Length)
        {
            throw new ArgumentException($"folds = {k} is more than the {order.Length} rows (every fold needs a row to hold out)");
        }
        var folds = new List<(int[], int[])>(k);
        for (var i = 0; i < k; i++)
        {
            var start = (int)((long)i * order.Length / k);
            var end = (int)((long)(i + 1) * order.Length / k);
            folds.Add(([.. order[..start], .. order[end..]], order[start..end]));
        }
        return folds;
    }
}
