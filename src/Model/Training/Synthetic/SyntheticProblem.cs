using ActorTune.Model.Space;
using ActorTune.Model.Sweep;

namespace ActorTune.Model.Training.Synthetic;

/// <summary>
/// The problem a synthetic model's options describe: where each searched parameter's optimum lies on its own scale
/// (a unit position), how much it matters (its weight) and how sharp the peak is. Public so that benchmarks can
/// state the exact formula (and a peer in another language can re-implement it).
/// </summary>
public sealed record SyntheticProblem(
    IReadOnlyList<SyntheticProblem.Term> Terms, double Width,
    double Noise, double EpochSeconds, double? DivergeAbove, int? FailAtEpoch)
{
    public const double DefaultWidth = 0.2;

    /// <summary>One parameter's part: its optimum as a unit position and its weight (0: it does not matter).</summary>
    public sealed record Term(ParameterSpec Parameter, double Optimum, double Weight);

    public static SyntheticProblem From(ComponentSpec model, SearchSpace space)
    {
        var optimum = model.Under("optimum").ToDictionary(p => p.Key, p => p.Value);
        var weights = model.Under("weights").ToDictionary(p => p.Key, p => p.Value);
        var terms = space.Searched.Select(p =>
        {
            var at = optimum.TryGetValue(p.Name, out var raw) ? p.ToUnit(ParamValue.Parse(raw)) : p.ToUnit(p.FromUnit(0.618));
            var weight = weights.TryGetValue(p.Name, out var w) && ParamValue.Parse(w) is { IsNumber: true } number ? number.Number : 1.0;
            return new Term(p, at, weight);
        }).ToList();
        return new SyntheticProblem(terms, model.Number("width") ?? DefaultWidth, model.Number("noise") ?? 0.005,
            model.Number("epoch-seconds") ?? 0, model.Number("diverge-above"), model.Integer("fail-at-epoch"));
    }

    /// <summary>1 at the optimum, falling off as a Gaussian of the weighted distance on each parameter's own scale.</summary>
    public double Quality(TrialConfig config)
    {
        var distance = 0.0;
        foreach (var (parameter, optimum, weight) in Terms)
        {
            var u = config.Contains(parameter.Name) ? parameter.ToUnit(config[parameter.Name]) : optimum;
            distance += weight * (u - optimum) * (u - optimum);
        }
        return Math.Exp(-distance / (2 * Width * Width));
    }
}
