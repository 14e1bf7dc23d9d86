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
/// <param name="Trials">The trials with a value it was computed from.</param>
/// <param name="SeedAgreement">
/// Spearman's rank correlation between importance and the seed's tiers (1: the same order, -1: the reverse), over
/// the parameters the seed ranks; null when fewer than three of them span at least two tiers.
/// </param>
public sealed record HyperparameterImportance(IReadOnlyList<ParameterImportance> Parameters, int Trials, double? SeedAgreement)
{
    public const string Method = "fanova";

    /// <summary>Enough trees that the ranking no longer moves with the forest's seed.</summary>
    public const int Trees = 64;

    /// <summary>A forest on fewer trials than this says more about chance than about the parameters.</summary>
    public const int MinTrials = 10;

    private const int ForestSeed = 1;

    /// <summary>The sweep's importance, or null while fewer than <see cref="MinTrials"/> trials have a value.</summary>
    public static HyperparameterImportance? Of(SweepState state) => Of(SearchHistory.From(state));

    public static HyperparameterImportance? Of(SearchHistory history)
    {
        var space = history.Space;
        var trials = history.Trials.Where(t => t.IsFinished && t.Value is { } v && double.IsFinite(v)).ToList();
        if (trials.Count < MinTrials || space.Searched.Count == 0)
        {
            return null;
        }
        var forest = RegressionForest.Grow(
            trials.Select(t => space.ToUnit(t.Config)).ToList(), trials.Select(t => history.Goal.Score(t.Value!.Value)).ToList(), Trees, ForestSeed);
        var effects = Fanova.MainEffects(forest, space.Searched.Count);
        var total = effects.Sum();
        var parameters = space.Searched
            .Select((p, d) => (p.Name, Share: total > 0 ? effects[d] / total : 1.0 / effects.Length))
            .OrderByDescending(p => p.Share).ThenBy(p => p.Name, StringComparer.Ordinal)
            .Select((p, index) => new ParameterImportance(p.Name, p.Share, index + 1, SeedTiers.Of(p.Name)))
            .ToList();
        return new HyperparameterImportance(parameters, trials.Count, Agreement(parameters));
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
