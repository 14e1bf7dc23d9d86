using ActorTune.Model.Randomness;

namespace ActorTune.Model.Strategies;

/// <summary>
/// Independent uniform draws on each parameter's own scale. Trial k's point comes from a generator seeded by
/// (sweep seed, k), so the same seed gives the same proposals whatever the order trials finish in.
/// </summary>
/// <example><c>strategy { type = random }</c></example>
public sealed class RandomStrategy : ISearchStrategy
{
    public StrategyStep Next(SearchHistory history) =>
        new ProposeTrial(history.Space.FromUnit(UnitPoint(history.Seed, history.NextTrialId, history.Space.Searched.Count)), 1, null);

    public static double[] UnitPoint(long seed, int trialId, int dimensions)
    {
        var random = new Random(Seeds.Derive(seed, Seeds.Purpose("random"), trialId));
        var point = new double[dimensions];
        for (var i = 0; i < dimensions; i++)
        {
            point[i] = random.NextDouble();
        }
        return point;
    }
}
