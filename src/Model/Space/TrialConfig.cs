using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ActorTune.Model.Space;

/// <summary>The hyperparameters of one trial, by name. Compared by value: two equal configs are the same trial.</summary>
[JsonConverter(typeof(TrialConfigJsonConverter))]
public sealed class TrialConfig : IEquatable<TrialConfig>
{
    public static readonly TrialConfig Empty = new(ImmutableSortedDictionary<string, ParamValue>.Empty);

    public TrialConfig(ImmutableSortedDictionary<string, ParamValue> values)
    {
        Values = values;
    }

    public TrialConfig(IEnumerable<KeyValuePair<string, ParamValue>> values)
        : this(values.ToImmutableSortedDictionary(StringComparer.Ordinal))
    {
    }

    public ImmutableSortedDictionary<string, ParamValue> Values { get; }

    public bool Contains(string name) => Values.ContainsKey(name);

    public ParamValue this[string name] => Values[name];

    public double Number(string name, double fallback) =>
        Values.TryGetValue(name, out var value) && value.IsNumber ? value.Number : fallback;

    public int Integer(string name, int fallback) =>
        Values.TryGetValue(name, out var value) && value.IsNumber ? (int)Math.Round(value.Number) : fallback;

    public string Text(string name, string fallback) =>
        Values.TryGetValue(name, out var value) ? value.Text : fallback;

    public TrialConfig With(string name, ParamValue value) => new(Values.SetItem(name, value));

    public bool Equals(TrialConfig? other) =>
        other is not null && Values.Count == other.Values.Count &&
        Values.All(pair => other.Values.TryGetValue(pair.Key, out var value) && value.Equals(pair.Value));

    public override bool Equals(object? obj) => Equals(obj as TrialConfig);

    public override int GetHashCode() =>
        Values.Aggregate(Values.Count, (hash, pair) => HashCode.Combine(hash, pair.Key, pair.Value));

    public override string ToString() => string.Join(" ", Values.Select(pair => $"{pair.Key}={Short(pair.Value)}"));

    /// <summary>Four significant digits: enough to tell trials apart in a table.</summary>
    public static string Short(ParamValue value) =>
        value.IsNumber ? value.Number.ToString("G4", System.Globalization.CultureInfo.InvariantCulture) : value.Text;
}

public sealed class TrialConfigJsonConverter : JsonConverter<TrialConfig>
{
    private static readonly ParamValueJsonConverter ValueConverter = new();

    public override TrialConfig Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("a trial config must be a JSON object");
        }
        var builder = ImmutableSortedDictionary.CreateBuilder<string, ParamValue>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            reader.Read();
            builder[name] = ValueConverter.Read(ref reader, typeof(ParamValue), options);
        }
        return new TrialConfig(builder.ToImmutable());
    }

    public override void Write(Utf8JsonWriter writer, TrialConfig value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var pair in value.Values)
        {
            writer.WritePropertyName(pair.Key);
            ValueConverter.Write(writer, pair.Value, options);
        }
        writer.WriteEndObject();
    }
}
