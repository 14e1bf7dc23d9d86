using System.Text.Json.Serialization;

namespace ActorTune.Model.Space;

/// <summary>The parameters of a sweep, in the order the sweep file gives them.</summary>
public sealed class SearchSpace
{
    [JsonConstructor]
    public SearchSpace(IReadOnlyList<ParameterSpec> parameters)
    {
        Parameters = parameters;
    }

    public IReadOnlyList<ParameterSpec> Parameters { get; }

    /// <summary>The parameters a strategy searches, in order; each owns one coordinate of the unit cube.</summary>
    [JsonIgnore]
    public IReadOnlyList<ParameterSpec> Searched => Parameters.Where(p => p.IsSearched).ToList();

    /// <summary>The config at a point of the unit cube (one coordinate per searched parameter).</summary>
    public TrialConfig FromUnit(IReadOnlyList<double> point)
    {
        var searched = 0;
        var values = new List<KeyValuePair<string, ParamValue>>(Parameters.Count);
        foreach (var parameter in Parameters)
        {
            var u = parameter.IsSearched ? point[searched++] : 0.5;
            values.Add(new(parameter.Name, parameter.FromUnit(u)));
        }
        return new TrialConfig(values);
    }

    /// <summary>The unit-cube point of a config (searched parameters only).</summary>
    public double[] ToUnit(TrialConfig config) =>
        Searched.Select(p => config.Contains(p.Name) ? p.ToUnit(config[p.Name]) : 0.5).ToArray();

    public ParameterSpec? Find(string name) => Parameters.FirstOrDefault(p => p.Name == name);
}
