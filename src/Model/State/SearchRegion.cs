using ActorTune.Model.Space;

namespace ActorTune.Model.State;

/// <summary>
/// The part of one parameter's range a round samples from: [Low, High] in the parameter's own values for
/// ranges, the allowed values for choices.
/// </summary>
public sealed record ParameterRegion(string Name, double? Low, double? High, IReadOnlyList<ParamValue>? Values)
{
    public bool Equals(ParameterRegion? other) =>
        other is not null && Name == other.Name && Low.Equals(other.Low) && High.Equals(other.High) &&
        (Values is null ? other.Values is null : other.Values is not null && Values.SequenceEqual(other.Values));

    public override int GetHashCode() => HashCode.Combine(Name, Low, High);
}

/// <summary>The region one round of a coarse-to-fine search samples from.</summary>
public sealed record SearchRegion(int Round, IReadOnlyList<ParameterRegion> Parameters)
{
    public ParameterRegion? Find(string name) => Parameters.FirstOrDefault(p => p.Name == name);

    public bool Equals(SearchRegion? other) =>
        other is not null && Round == other.Round && Parameters.SequenceEqual(other.Parameters);

    public override int GetHashCode() => HashCode.Combine(Round, Parameters.Count);
}
