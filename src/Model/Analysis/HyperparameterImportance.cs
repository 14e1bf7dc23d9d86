using System.Runtime.CompilerServices;
using ActorTune.Model.State;
using ActorTune.Model.Strategies;
using ActorTune.Model.Sweep;
using MathNet.Numerics.Statistics;

namespace ActorTune.Model.Analysis;

/// <summary>One parameter's share of the importance (all shares sum to 1), its rank (1: most important) and its seed tier.</summary>
public sealed record ParameterImportance(string Name, double Importance, int Rank, int? SeedTier);

/// <summary>
/// Which hyperparameters mattered in a sweep, ranked: functional ANOVA (<see cref="Fanova"/>) on a random forest
/// (<see cref="RegressionForest"/>, <see cref="Trees"/> trees) fitted to every trial with a value, each parameter on
/// its own scale (the unit cube: log for log, log(1-x) for one-minus-log, integer cells, choices), main effects
/// scaled to sum to 1 as Optuna's fANOVA evaluator does. Each parameter carries the seed's tier
/// (<see cref="SeedTiers"/>), and the sweep's order is compared with the seed's.
/// </summary>
/// <param name="Trials">The trials with a value it was computed from (at most <see cref="MaxTrials"/>).</param>
/// <param name="TrialsWithValue">Every finished trial with a value; more than <see cref="Trials"/> when it was computed on a sample.</param>
/// <param name="SeedAgreement">
/// Spearman's rank correlation between importance and the seed's tiers (1: the same order, -1: the reverse), over
/// the parameters the seed ranks; null when fewer than three of them span at least two tiers.
/// </param>
public sealed record HyperparameterImportance(IReadOnlyList<ParameterImportance> Parameters, int Trials, double? SeedAgreement, int TrialsWithValue = 0)
{
    public const string Method = "fanova";

    /// <summary>Enough trees that the ranking no longer moves with the forest's seed.</summary>
    public const int Trees = 64;

    /// <summary>A forest on fewer trials than this says more about chance than about the parameters.</summary>
    public const int MinTrials = 10;

    /// <summary>
    /// The forest is grown on at most this many trials, drawn at random (seed <see cref="SampleSeed"/>) from the
    /// finished ones: growing it is n log² n and the forest's ranking no longer moves with more trials long before
    /// this, while all 20,000 trials of a big sweep took minutes. The same trials always give the same sample.
    /// </summary>
    public const int MaxTrials = 2000;

    public const int SampleSeed = 1;

    private const int ForestSeed = 1;

    /// <summary>
    /// What the importance depends on besides the trials: a stored result computed under another key is not
    /// this computation's (see <see cref="Remember"/>).
    /// </summary>
    public static string Key => $"{Method}/trees={Trees}/max={MaxTrials}/sample-seed={SampleSeed}/forest-seed={ForestSeed}";

    /// <summary>Results per state instance: a report asks for the same sweep's importance more than once.</summary>
    private static readonly ConditionalWeakTable<SweepState, Known> Results = new();

    private sealed record Known(HyperparameterImportance? Value);

    /// <summary>The sweep's importance, or null while fewer than <see cref="MinTrials"/> trials have a value; computed once per state.</summary>
    public static HyperparameterImportance? Of(SweepState state) => Results.GetValue(state, s => new Known(Of(SearchHistory.From(s)))).Value;

    /// <summary>
    /// Gives <paramref name="state"/> its importance computed earlier (stored beside the sweep's state, current to the
    /// same event under the same <see cref="Key"/>), so that <see cref="Of(SweepState)"/> does not grow the forest again.
    /// </summary>
    public static void Remember(SweepState state, HyperparameterImportance? importance) => Results.AddOrUpdate(state, new Known(importance));

    /// <summary>Whether <see cref="Of(SweepState)"/> has a result for the state (computed or remembered).</summary>
    public static bool IsKnown(SweepState state, out HyperparameterImportance? importance)
    {
        var known = Results.TryGetValue(state, out var result);
        importance = result?.Value;
        return known;
    }

    public static HyperparameterImportance? Of(SearchHistory history)
    {
        var space = history.Space;
        var withValue = history.Trials.Where(t => t.IsFinished && t.Value is { } v && double.IsFinite(v)).ToList();
        if (withValue.Count < MinTrials || space.Searched.Count == 0)
        {
            return null;
        }
        var trials = Sample(withValue, MaxTrials, SampleSeed);
        var forest = RegressionForest.Grow(
            trials.Select(t => space.ToUnit(t.Config)).ToList(), trials.Select(t => history.Goal.Score(t.Value!.Value)).ToList(), Trees, ForestSeed);
        var effects = Fanova.MainEffects(forest, space.Searched.Count);
        var total = effects.Sum();
        var parameters = space.Searched
            .Select((p, d) => (p.Name, Share: total > 0 ? effects[d] / total : 1.0 / effects.Length))
            .OrderByDescending(p => p.Share).ThenBy(p => p.Name, StringComparer.Ordinal)
            .Select((p, index) => new ParameterImportance(p.Name, p.Share, index + 1, SeedTiers.Of(p.Name)))
            .ToList();
        return new HyperparameterImportance(parameters, trials.Count, Agreement(parameters), withValue.Count);
    }

    /// <summary>True when it was computed on a sample of the trials with a value rather than all of them.</summary>
    public bool Sampled => TrialsWithValue > Trials;

    /// <summary>How many trials it was computed from, as people read it: "2000 of 20000 trials (a seeded sample)" or "40 trials".</summary>
    public string TrialsText => Sampled ? $"{Trials} of {TrialsWithValue} trials (a random sample, seed {SampleSeed})" : $"{Trials} trials";

    /// <summary>At most <paramref name="count"/> of the items chosen at random with <paramref name="seed"/>, in their own order.</summary>
    public static IReadOnlyList<T> Sample<T>(IReadOnlyList<T> items, int count, int seed)
    {
        if (items.Count <= count)
        {
            return items;
        }
        // A partial Fisher–Yates shuffle of the indexes: the first count are a uniform sample.
        var random = new Random(seed);
        var indexes = Enumerable.Range(0, items.Count).ToArray();
        for (var i = 0; i < count; i++)
        {
            var j = random.Next(i, indexes.Length);
            (indexes[i], indexes[j]) = (indexes[j], indexes[i]);
        }
        return indexes.Take(count).Order().Select(i => items[i]).ToList();
    }

    private static double? Agreement(IReadOnlyList<ParameterImportance> parameters)
    {
        var tiered = parameters.Where(p => p.SeedTier is not null).ToList();
        if (tiered.Count < 3 || tiered.Select(p => p.SeedTier).Distinct().Count() < 2)
        {
            return null;
        }
        // A lower tier means more important, so agreement is the correlation of importance with minus the tier.
        return Correlation.Spearman(tiered.Select(p => p.Importance), tiered.Select(p => -(double)p.SeedTier!.Value));
    }
}
