using ActorTune.Model.Randomness;

namespace ActorTune.Model.Strategies;

/// <summary>
/// Trial k takes point k of a scrambled Sobol sequence, mapped onto each parameter's own scale: the coverage of a
/// grid (every parameter gets as many distinct, evenly spread values as there are trials) without the grid's
/// repeats, and without random search's clumps and gaps. The scramble is seeded by the sweep seed, and a point
/// depends only on its trial id, so proposals never depend on results or on the order trials finish in.
/// </summary>
/// <example><c>strategy { type = sobol }</c></example>
public sealed class SobolStrategy : ISearchStrategy
{
    private SobolSequence? _sequence;
    private long _sequenceSeed;

    public StrategyStep Next(SearchHistory history)
    {
        // A space of fixed values only has one point, and a zero-dimensional sequence to match.
        var point = history.Space.Searched.Count == 0 ? [] : Sequence(history).Point(history.NextTrialId - 1);
        return new ProposeTrial(history.Space.FromUnit(point), 1, null);
    }

    /// <summary>The sweep's sequence: one scramble per sweep seed.</summary>
    public static SobolSequence For(long seed, int dimensions) =>
        new(dimensions, Seeds.Derive(seed, Seeds.Purpose("sobol")));

    private SobolSequence Sequence(SearchHistory history)
    {
        var dimensions = history.Space.Searched.Count;
        if (_sequence is null || _sequenceSeed != history.Seed || _sequence.Dimensions != dimensions)
        {
            _sequence = For(history.Seed, dimensions);
            _sequenceSeed = history.Seed;
        }
        return _sequence;
    }
}
