using ActorTune.Model.Analysis;
using ActorTune.Model.State;

namespace ActorTune.Host.Reports;

/// <summary>One searched parameter's share of the importance (shares sum to 1).</summary>
public sealed record RankedParameter(string Name, double Importance);

/// <summary>
/// Which searched parameters mattered, most important first, for the report's 2-D scatter (the first two) and its
/// importance bars: the same analysis <c>show</c> prints (<see cref="HyperparameterImportance"/>, fANOVA on a
/// random forest), empty while too few trials have a value.
/// </summary>
public static class ParameterRanking
{
    public const string Method = "fANOVA main effects on a random forest";

    public static IReadOnlyList<RankedParameter> Of(SweepState state) =>
        HyperparameterImportance.Of(state)?.Parameters.Select(p => new RankedParameter(p.Name, p.Importance)).ToList() ?? [];
}
