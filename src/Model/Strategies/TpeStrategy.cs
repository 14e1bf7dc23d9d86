using ActorTune.Model.Randomness;
using ActorTune.Model.Sweep;

namespace ActorTune.Model.Strategies;

/// <summary>
/// The tree-structured Parzen estimator (Bergstra et al. 2011), asynchronous: each proposal uses every result in so
/// far. The first <c>startup</c> trials are random (the very points random search would try). After that the trials
/// with a value are split at the quantile <c>gamma</c> into good (at least one) and bad; a
/// <see cref="ParzenEstimator"/> is fitted to each on the parameters' own scales (the unit cube: log for log,
/// log(1-x) for one-minus-log, integer cells, choices); <c>candidates</c> points are drawn from the good density l
/// and the one with the largest l(x)/g(x) is proposed. By default each parameter is drawn and scored on its own
/// (independent TPE, as in the paper and Optuna's default), which ignores parameters that do not matter;
/// <c>multivariate = true</c> scores whole points with product kernels (Falkner et al. 2018), which follows
/// interactions. Trials with no value and trials still running count as bad (a "constant liar"), so trials proposed
/// side by side spread out instead of piling onto one point. A proposal is a function of the history and the sweep
/// seed; which results it saw depends on when it was asked, as with any asynchronous search.
/// </summary>
/// <example>
/// <c>strategy { type = tpe, startup = 10, gamma = 0.1, candidates = 24, multivariate = false }</c>; with only
/// <c>type</c>, startup = min(10, trials / 3) and the rest as shown.
/// </example>
public sealed class TpeStrategy : ISearchStrategy
{
    public static readonly IReadOnlyList<string> OptionNames = ["startup", "gamma", "candidates", "multivariate"];

    private readonly Settings _settings;

    public TpeStrategy(Settings settings)
    {
        _settings = settings;
    }

    public sealed record Settings(int Startup, double Gamma, int Candidates, bool Multivariate)
    {
        public const int MaxStartup = 10;
        public const double DefaultGamma = 0.1;
        public const int DefaultCandidates = 24;

        public static Settings Read(ComponentSpec spec, int budget, out StrategyOptions options)
        {
            options = new StrategyOptions(spec, OptionNames);
            return new Settings(
                options.Integer("startup", Math.Clamp(budget / 3, 1, MaxStartup), 1, Math.Max(1, budget)),
                options.Fraction("gamma", DefaultGamma, belowOne: true),
                options.Integer("candidates", DefaultCandidates, 1, 10_000),
                options.Flag("multivariate", false));
        }

        public static Settings From(SweepSpec spec)
        {
            var settings = Read(spec.Strategy, spec.Trials, out var options);
            options.ThrowIfInvalid();
            return settings;
        }
    }

    public StrategyStep Next(SearchHistory history)
    {
        var space = history.Space;
        var dimensions = space.Searched.Count;
        var trialId = history.NextTrialId;
        var ranked = history.RankedResults().ToList();
        if (ranked.Count < _settings.Startup || dimensions == 0)
        {
            return new ProposeTrial(space.FromUnit(RandomStrategy.UnitPoint(history.Seed, trialId, dimensions)), 1, null);
        }
        var goodIds = ranked.Take(Math.Max(1, (int)Math.Ceiling(_settings.Gamma * ranked.Count))).Select(t => t.TrialId).ToHashSet();
        // A parameter declared while the sweep ran (define-by-run) is missing from the trials before it: each axis is fitted
        // to the trials that have it, and a multivariate density to the trials that have them all.
        var searched = space.Searched;
        var goodTrials = history.Trials.Where(t => goodIds.Contains(t.TrialId)).ToList();
        var badTrials = history.Trials.Where(t => !goodIds.Contains(t.TrialId)).ToList();
        var axes = ParzenEstimator.Axis.Of(space);
        var random = new Random(Seeds.Derive(history.Seed, Seeds.Purpose("tpe"), trialId));
        if (_settings.Multivariate)
        {
            var good = goodTrials.Where(t => searched.All(p => t.Config.Contains(p.Name))).Select(t => space.ToUnit(t.Config)).ToList();
            var bad = badTrials.Where(t => searched.All(p => t.Config.Contains(p.Name))).Select(t => space.ToUnit(t.Config)).ToList();
            return new ProposeTrial(space.FromUnit(Best(axes, good, bad, random)), 1, null);
        }
        var point = new double[dimensions];
        for (var d = 0; d < dimensions; d++)
        {
            point[d] = Best([axes[d]], Column(goodTrials, searched[d]), Column(badTrials, searched[d]), random)[0];
        }
        return new ProposeTrial(space.FromUnit(point), 1, null);
    }

    /// <summary>The candidate drawn from l with the largest l(x)/g(x); the first one drawn wins a tie.</summary>
    private double[] Best(IReadOnlyList<ParzenEstimator.Axis> axes, IReadOnlyList<double[]> good, IReadOnlyList<double[]> bad, Random random)
    {
        var below = new ParzenEstimator(axes, good);
        var above = new ParzenEstimator(axes, bad);
        var best = below.Sample(random);
        var bestScore = below.LogDensity(best) - above.LogDensity(best);
        for (var i = 1; i < _settings.Candidates; i++)
        {
            var candidate = below.Sample(random);
            var score = below.LogDensity(candidate) - above.LogDensity(candidate);
            if (score > bestScore)
            {
                (best, bestScore) = (candidate, score);
            }
        }
        return best;
    }

    private static List<double[]> Column(IEnumerable<Observation> trials, Space.ParameterSpec parameter) =>
        trials.Where(t => t.Config.Contains(parameter.Name)).Select(t => new[] { parameter.ToUnit(t.Config[parameter.Name]) }).ToList();
}
