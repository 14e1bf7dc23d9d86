using ActorTune.Model.Sweep;

namespace ActorTune.Model.Strategies;

/// <summary>The strategies a sweep file can name (<c>strategy { type = … }</c>), their options and how to build one.</summary>
public static class StrategyCatalog
{
    public const string Grid = "grid";
    public const string Random = "random";
    public const string Sobol = "sobol";
    public const string CoarseToFine = "coarse-to-fine";
    public const string Tpe = "tpe";

    public static readonly IReadOnlyList<string> Names = [Grid, Random, Sobol, CoarseToFine, Tpe];

    public static ISearchStrategy Create(SweepSpec spec) => spec.Strategy.Type switch
    {
        Grid => new GridStrategy(spec.Strategy.Integer("points") ?? GridStrategy.DefaultPoints),
        Random => new RandomStrategy(),
        Sobol => new SobolStrategy(),
        CoarseToFine => new CoarseToFineStrategy(CoarseToFineStrategy.Settings.From(spec)),
        Tpe => new TpeStrategy(TpeStrategy.Settings.From(spec)),
        _ => throw new ArgumentException($"unknown strategy '{spec.Strategy.Type}'"),
    };

    public static IEnumerable<SpecError> Validate(SweepSpec spec)
    {
        var strategy = spec.Strategy;
        if (!Names.Contains(strategy.Type))
        {
            return [new SpecError("sweep.strategy.type", $"unknown strategy '{strategy.Type}' ({string.Join(", ", Names)})")];
        }
        StrategyOptions options;
        switch (strategy.Type)
        {
            case Grid:
                options = new StrategyOptions(strategy, ["points"]);
                options.Integer("points", GridStrategy.DefaultPoints, 1, 1000);
                break;
            case CoarseToFine:
                CoarseToFineStrategy.Settings.Read(strategy, spec.Trials, out options);
                break;
            case Tpe:
                TpeStrategy.Settings.Read(strategy, spec.Trials, out options);
                break;
            default:
                options = new StrategyOptions(strategy, []);
                break;
        }
        var errors = options.Errors.ToList();
        // Both walk a Sobol sequence, whose direction-number table has a fixed number of dimensions.
        if (strategy.Type is Sobol or CoarseToFine && spec.Space.Searched.Count > SobolSequence.MaxDimensions)
        {
            errors.Add(new SpecError("sweep.strategy.type", $"the {strategy.Type} strategy searches at most " +
                $"{SobolSequence.MaxDimensions} parameters ({spec.Space.Searched.Count} given); random and tpe take any number"));
        }
        return errors;
    }
}
