using ActorTune.Model.Randomness;
using ActorTune.Model.Sweep;

namespace ActorTune.Model.Space;

/// <summary>
/// Define-by-run: parameters a trial declares as its objective asks for them. A parameter the sweep does not know
/// yet is sampled by the trial on its own scale, from the trial's seed and the parameter's name (so a trial that
/// restarts samples the same value), and joins the sweep's space; asking for a known parameter with another range
/// or scale is an error, since the trials' values would no longer be comparable.
/// </summary>
public static class ParameterDeclarations
{
    /// <summary>The value a trial with seed <paramref name="trialSeed"/> takes for a parameter no proposal gave it.</summary>
    public static ParamValue Sample(ParameterSpec parameter, int trialSeed) =>
        parameter.FromUnit(new Random(Seeds.Derive(trialSeed, Seeds.Purpose("define-by-run"), Seeds.Purpose(parameter.Name))).NextDouble());

    /// <summary>Why <paramref name="declared"/> cannot be asked for in a sweep whose space is <paramref name="space"/>; null if it can.</summary>
    public static string? Conflict(SearchSpace space, ParameterSpec declared)
    {
        if (SweepSpecValidator.ValidateParameter(declared, declared.Name).FirstOrDefault() is { } error)
        {
            return $"parameter '{declared.Name}' ({declared.Describe()}): {error.Message}";
        }
        return space.Find(declared.Name) is { } known && known is not FixedParameter && !known.Equals(declared)
            ? $"parameter '{declared.Name}' is {known.Describe()} in this sweep; the objective asked for {declared.Describe()}"
            : null;
    }

    /// <summary>The first conflict among <paramref name="declared"/>, or null.</summary>
    public static string? Conflict(SearchSpace space, IEnumerable<ParameterSpec> declared) =>
        declared.Select(p => Conflict(space, p)).FirstOrDefault(p => p is not null);

    /// <summary>The space with the parameters it does not have yet appended, in the order given.</summary>
    public static SearchSpace Extend(SearchSpace space, IEnumerable<ParameterSpec> declared)
    {
        var added = declared.Where(p => space.Find(p.Name) is null).DistinctBy(p => p.Name).ToList();
        return added.Count == 0 ? space : new SearchSpace([.. space.Parameters, .. added]);
    }

    /// <summary>The parameters of <paramref name="declared"/> that <paramref name="space"/> does not have.</summary>
    public static IReadOnlyList<ParameterSpec> New(SearchSpace space, IEnumerable<ParameterSpec> declared) =>
        declared.Where(p => space.Find(p.Name) is null).DistinctBy(p => p.Name).ToList();

    /// <summary><paramref name="config"/> with <paramref name="values"/> added (a value already there is kept).</summary>
    public static TrialConfig Merge(TrialConfig config, TrialConfig values) =>
        values.Values.Aggregate(config, (merged, pair) => merged.Contains(pair.Key) ? merged : merged.With(pair.Key, pair.Value));
}
