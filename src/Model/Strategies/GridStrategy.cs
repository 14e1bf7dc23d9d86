using ActorTune.Model.Randomness;
using ActorTune.Model.Space;

namespace ActorTune.Model.Strategies;

/// <summary>
/// Every combination of <c>points</c> values per parameter, placed evenly on each parameter's own scale (a log
/// grid for a log range; all values of a choice; the distinct integers of an int range). The combinations are
/// visited in a seeded random order, so a budget smaller than the grid still spreads over it; the sweep ends
/// when the grid is visited whole.
/// </summary>
/// <example><c>strategy { type = grid, points = 5 }</c></example>
public sealed class GridStrategy : ISearchStrategy
{
    public const int DefaultPoints = 5;
    private readonly int _points;
    private IReadOnlyList<TrialConfig>? _grid;

    public GridStrategy(int points)
    {
        _points = points;
    }

    public StrategyStep Next(SearchHistory history)
    {
        _grid ??= Build(history.Space, _points, history.Seed);
        var index = history.NextTrialId - 1;
        return index < _grid.Count ? new ProposeTrial(_grid[index], 1, null) : new SearchExhausted();
    }

    public static int Size(SearchSpace space, int points) =>
        space.Parameters.Aggregate(1, (size, p) => (int)Math.Min(int.MaxValue, (long)size * p.GridValues(points).Count));

    public static IReadOnlyList<TrialConfig> Build(SearchSpace space, int points, long seed)
    {
        IEnumerable<IEnumerable<KeyValuePair<string, ParamValue>>> combinations = [[]];
        foreach (var parameter in space.Parameters)
        {
            var values = parameter.GridValues(points);
            combinations = combinations.SelectMany(prefix => values.Select(v => prefix.Append(new(parameter.Name, v))));
        }
        var grid = combinations.Select(c => new TrialConfig(c)).ToList();
        var random = new Random(Seeds.Derive(seed, Seeds.Purpose("grid")));
        for (var i = grid.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (grid[i], grid[j]) = (grid[j], grid[i]);
        }
        return grid;
    }
}
