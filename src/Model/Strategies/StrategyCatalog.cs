using ActorTune.Model.Sweep;

namespace ActorTune.Model.Strategies;

/// <summary>The strategies a sweep file can name (<c>strategy { type = … }</c>), their options and how to build one.</summary>
public static class StrategyCatalog
{
    public static readonly IReadOnlyList<string> Names = ["grid", "random"];

    public static ISearchStrategy Create(SweepSpec spec) => spec.Strategy.Type switch
    {
        "grid" => new GridStrategy(spec.Strategy.Integer("points") ?? GridStrategy.DefaultPoints),
        "random" => new RandomStrategy(),
        _ => throw new ArgumentException($"unknown strategy '{spec.Strategy.Type}'"),
    };

    public static IEnumerable<SpecError> Validate(SweepSpec spec)
    {
        var strategy = spec.Strategy;
        if (!Names.Contains(strategy.Type))
        {
            yield return new SpecError("sweep.strategy.type", $"unknown strategy '{strategy.Type}' ({string.Join(", ", Names)})");
            yield break;
        }
        var allowed = strategy.Type switch
        {
            "grid" => ["points"],
            _ => Array.Empty<string>(),
        };
        foreach (var key in strategy.Options.Keys.Where(k => !allowed.Contains(k)))
        {
            yield return new SpecError($"sweep.strategy.{key}", $"unknown option for the {strategy.Type} strategy" +
                (allowed.Length > 0 ? $" ({string.Join(", ", allowed)})" : " (it takes none)"));
        }
        if (strategy.Type == "grid" && strategy.Options.ContainsKey("points") && strategy.Integer("points") is not (>= 1 and <= 1000))
        {
            yield return new SpecError("sweep.strategy.points", $"'{strategy.Text("points")}' must be an integer from 1 to 1000");
        }
    }
}
