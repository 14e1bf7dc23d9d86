using ActorTune.Model.Randomness;
using ActorTune.Model.Space;
using ActorTune.Model.State;
using ActorTune.Model.Sweep;

namespace ActorTune.Model.Strategies;

/// <summary>
/// The seed's coarse to fine, as synchronous rounds. Round 1 spreads <c>per-round</c> trials over the whole space;
/// once every trial of a round has ended, the next round's region shrinks around the best <c>keep</c> fraction of
/// that round's trials (see <see cref="RegionNarrowing"/>: each range to <c>zoom</c> of its width on its own axis,
/// within the original bounds, never narrower than <c>min-width</c>, integers by whole cells; choices keep the values
/// seen among the best, and at least <c>zoom</c> of their values), and the round's trials spread over that region.
/// Trials inside a round are points of a scrambled Sobol sequence seeded by (sweep seed, round), so a round covers
/// its region evenly. The last round also takes any budget the rounds leave over.
/// <para>
/// A round's first proposal carries its region, which the supervisor persists (<c>RegionNarrowed</c>); a region
/// already in the history is used as it stands, so a resumed sweep continues in exactly the region it was in.
/// Because a round waits for the whole previous round, the proposals do not depend on the order trials finish in.
/// </para>
/// </summary>
/// <example>
/// <c>strategy { type = coarse-to-fine, rounds = 3, per-round = 20, keep = 0.2, zoom = 0.5, min-width = 0.05 }</c>;
/// with only <c>type</c>, rounds = 3 and per-round = trials / rounds.
/// </example>
public sealed class CoarseToFineStrategy : ISearchStrategy
{
    private readonly Settings _settings;
    private readonly Dictionary<(long Seed, int Round), SobolSequence> _sequences = [];

    public CoarseToFineStrategy(Settings settings)
    {
        _settings = settings;
    }

    public static readonly IReadOnlyList<string> OptionNames = ["rounds", "per-round", "keep", "zoom", "min-width"];

    /// <summary>The round layout and how a region narrows.</summary>
    public sealed record Settings(int Rounds, int PerRound, int Budget, double Keep, RegionNarrowing Narrowing)
    {
        public const int DefaultRounds = 3;
        public const double DefaultKeep = 0.2;
        public const double DefaultZoom = 0.5;
        public const double DefaultMinWidth = 0.05;

        /// <summary>The settings <c>strategy { … }</c> gives, defaults derived from the budget; problems in <paramref name="options"/>.</summary>
        public static Settings Read(ComponentSpec spec, int budget, out StrategyOptions options)
        {
            options = new StrategyOptions(spec, OptionNames);
            var maxRounds = Math.Max(1, budget);
            // Whichever of rounds and per-round is missing follows from the other and the budget.
            var givenPerRound = options.Integer("per-round", 0, 1, maxRounds);
            var rounds = options.Has("rounds") || givenPerRound == 0
                ? options.Integer("rounds", Math.Min(DefaultRounds, maxRounds), 1, maxRounds)
                : Math.Max(1, budget / givenPerRound);
            var perRound = givenPerRound > 0 ? givenPerRound : Math.Max(1, budget / rounds);
            if ((long)rounds * perRound > budget)
            {
                options.Fail(options.Has("per-round") ? "per-round" : "rounds",
                    $"rounds × per-round = {rounds} × {perRound} = {(long)rounds * perRound} exceeds the budget of {budget} trials");
            }
            var keep = options.Fraction("keep", DefaultKeep);
            var narrowing = new RegionNarrowing(options.Fraction("zoom", DefaultZoom), options.Fraction("min-width", DefaultMinWidth));
            return new Settings(rounds, perRound, budget, keep, narrowing);
        }

        public static Settings From(SweepSpec spec)
        {
            var settings = Read(spec.Strategy, spec.Trials, out var options);
            options.ThrowIfInvalid();
            return settings;
        }

        public int RoundOf(int trialId) => Math.Min(Rounds, (trialId - 1) / PerRound + 1);

        public int FirstTrial(int round) => (round - 1) * PerRound + 1;

        public int LastTrial(int round) => round == Rounds ? Budget : round * PerRound;

        /// <summary>How many of a round's trials shape the next region: the best keep fraction, at least one.</summary>
        public int Kept(int round) => Math.Max(1, (int)Math.Ceiling(Keep * (LastTrial(round) - FirstTrial(round) + 1) - 1e-9));
    }

    public StrategyStep Next(SearchHistory history)
    {
        var trialId = history.NextTrialId;
        if (trialId > _settings.Budget)
        {
            return new SearchExhausted();
        }
        var round = _settings.RoundOf(trialId);
        if (Region(history, round) is not { } region)
        {
            return new WaitForResults();
        }
        var point = Sequence(history.Seed, round, history.Space.Searched.Count)?.Point(trialId - _settings.FirstTrial(round)) ?? [];
        var isNew = history.Regions.All(r => r.Round != round);
        return new ProposeTrial(Sample(history.Space, region, point), round, isNew ? region : null);
    }

    /// <summary>
    /// Round <paramref name="round"/>'s region: the one in the history when there is one (a resumed sweep), else
    /// narrowed from the previous round once all of its trials have ended; null while some still run.
    /// </summary>
    public SearchRegion? Region(SearchHistory history, int round)
    {
        if (history.Regions.FirstOrDefault(r => r.Round == round) is { } recorded)
        {
            return recorded;
        }
        if (round == 1)
        {
            return RegionNarrowing.Whole(history.Space);
        }
        var (first, last) = (_settings.FirstTrial(round - 1), _settings.LastTrial(round - 1));
        var previousTrials = history.Trials.Where(t => t.TrialId >= first && t.TrialId <= last).ToList();
        if (previousTrials.Count < last - first + 1 || previousTrials.Any(t => !t.IsFinished) || Region(history, round - 1) is not { } previous)
        {
            return null;
        }
        var ranked = previousTrials.Where(t => t.Value is { } v && double.IsFinite(v))
            .OrderByDescending(t => history.Goal.Score(t.Value!.Value)).ThenBy(t => t.TrialId)
            .Select(t => t.Config).ToList();
        // A round whose trials all failed says nothing about where to look: search the same region again.
        return ranked.Count == 0
            ? previous with { Round = round }
            : _settings.Narrowing.Next(history.Space, previous, ranked, _settings.Kept(round - 1), round);
    }

    /// <summary>The configuration at a unit-cube point spread over the region, fixed parameters at their values.</summary>
    public static TrialConfig Sample(SearchSpace space, SearchRegion region, IReadOnlyList<double> point)
    {
        var searched = 0;
        var values = new List<KeyValuePair<string, ParamValue>>(space.Parameters.Count);
        foreach (var parameter in space.Parameters)
        {
            var u = parameter.IsSearched ? point[searched++] : 0.5;
            var value = (parameter, region.Find(parameter.Name)) switch
            {
                (RangeParameter range, { Low: { } low, High: { } high }) => RegionAxis.Sample(range, low, high, u),
                (ChoiceParameter, { Values: { Count: > 0 } allowed }) => allowed[Math.Min(allowed.Count - 1, (int)Math.Floor(u * allowed.Count))],
                _ => parameter.FromUnit(u),
            };
            values.Add(new(parameter.Name, value));
        }
        return new TrialConfig(values);
    }

    private SobolSequence? Sequence(long seed, int round, int dimensions)
    {
        if (dimensions == 0)
        {
            return null;
        }
        if (!_sequences.TryGetValue((seed, round), out var sequence) || sequence.Dimensions != dimensions)
        {
            sequence = new SobolSequence(dimensions, Seeds.Derive(seed, Seeds.Purpose("coarse-to-fine"), round));
            _sequences[(seed, round)] = sequence;
        }
        return sequence;
    }
}
