using System.Collections.Immutable;
using System.Globalization;

namespace ActorTune.Model.Sweep;

/// <summary>
/// A pluggable part named in the sweep file (strategy, scheduler, model) with its options as the file gave
/// them (nested keys flattened with dots). Each part reads and validates its own options, so a new part
/// needs no change here.
/// </summary>
public sealed record ComponentSpec(string Type, ImmutableSortedDictionary<string, string> Options)
{
    public static ComponentSpec Named(string type) => new(type, ImmutableSortedDictionary<string, string>.Empty);

    public ComponentSpec With(string key, string value) => this with { Options = Options.SetItem(key, value) };

    public string? Text(string key) => Options.TryGetValue(key, out var value) ? value : null;

    public double? Number(string key) =>
        Options.TryGetValue(key, out var value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;

    public int? Integer(string key) => Number(key) is { } number ? (int)Math.Round(number) : null;

    /// <summary>Options under a prefix ("optimum." gives optimum.learning-rate as learning-rate).</summary>
    public IEnumerable<KeyValuePair<string, string>> Under(string prefix) =>
        Options.Where(pair => pair.Key.StartsWith(prefix + ".", StringComparison.Ordinal))
            .Select(pair => new KeyValuePair<string, string>(pair.Key[(prefix.Length + 1)..], pair.Value));

    public bool Equals(ComponentSpec? other) =>
        other is not null && Type == other.Type && Options.Count == other.Options.Count &&
        Options.All(pair => other.Options.TryGetValue(pair.Key, out var value) && value == pair.Value);

    public override int GetHashCode() => HashCode.Combine(Type, Options.Count);
}
