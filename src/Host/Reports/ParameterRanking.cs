using ActorTune.Model.State;
using ActorTune.Model.Sweep;
using MathNet.Numerics.Statistics;

namespace ActorTune.Host.Reports;

/// <summary>One searched parameter's share of the importance (shares sum to 1).</summary>
public sealed record RankedParameter(string Name, double Importance);

/// <summary>
/// Which searched parameters mattered, most important first: the report's 2-D scatter shows the first two and the
/// importance bars show them all. This is the one place that decides it, so a better analysis replaces one
/// function. For now: |Spearman's ρ| between each parameter (its position on its own scale) and the trials'
/// values, scaled to sum to 1 — it sees monotone effects only, not an optimum in the middle of a range.
/// </summary>
public static class ParameterRanking
{
    public const string Method = "|Spearman rank correlation| with the value";

    /// <summary>Fewer trials with a value than this rank nothing (an empty list).</summary>
    public const int MinTrials = 4;

    public static IReadOnlyList<RankedParameter> Of(SweepState state)
    {
        var spec = state.RequireSpec();
        var trials = state.Trials.Where(t => t.Status.IsFinished() && t.BestValue is { } v && double.IsFinite(v)).ToList();
        if (trials.Count < MinTrials)
        {
            return [];
        }
        var values = trials.Select(t => spec.Goal.Score(t.BestValue!.Value)).ToList();
        var strengths = spec.Space.Searched.Select(parameter =>
        {
            var positions = trials.Select(t => t.Config.Contains(parameter.Name) ? parameter.ToUnit(t.Config[parameter.Name]) : 0.5).ToList();
            var rho = positions.Distinct().Count() < 2 ? 0 : Correlation.Spearman(positions, values);
            return (parameter.Name, Strength: double.IsFinite(rho) ? Math.Abs(rho) : 0);
        }).ToList();
        var total = strengths.Sum(s => s.Strength);
        return strengths
            .Select(s => new RankedParameter(s.Name, total > 0 ? s.Strength / total : 1.0 / strengths.Count))
            .OrderByDescending(p => p.Importance).ThenBy(p => p.Name, StringComparer.Ordinal)
            .ToList();
    }
}
