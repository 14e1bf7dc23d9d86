using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ActorTune.Model.Space;

/// <summary>
/// One hyperparameter value: a number or a word (an optimizer name, say). Numbers stay numbers in JSON
/// so that scripts reading <c>show --json</c> can compare them without parsing.
/// </summary>
[JsonConverter(typeof(ParamValueJsonConverter))]
public readonly record struct ParamValue
{
    private readonly double _number;
    private readonly string? _text;

    private ParamValue(double number, string? text)
    {
        _number = number;
        _text = text;
    }

    public static ParamValue Of(double number) => new(number, null);

    public static ParamValue Of(string text) => new(double.NaN, text ?? throw new ArgumentNullException(nameof(text)));

    public bool IsNumber => _text is null;

    public double Number => IsNumber ? _number : throw new InvalidOperationException($"'{_text}' is not a number");

    public string Text => _text ?? Format(_number);

    public override string ToString() => Text;

    /// <summary>Shortest round-trip form, so a value printed and read back is the same value.</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A number where the text is one (HOCON gives every scalar as text), else a word.</summary>
    public static ParamValue Parse(string raw) =>
        double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? Of(number) : Of(raw);
}

public sealed class ParamValueJsonConverter : JsonConverter<ParamValue>
{
    public override ParamValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Number => ParamValue.Of(reader.GetDouble()),
            JsonTokenType.String => ParamValue.Of(reader.GetString()!),
            _ => throw new JsonException($"a parameter value must be a number or a string, not {reader.TokenType}"),
        };

    public override void Write(Utf8JsonWriter writer, ParamValue value, JsonSerializerOptions options)
    {
        if (value.IsNumber)
        {
            writer.WriteNumberValue(value.Number);
        }
        else
        {
            writer.WriteStringValue(value.Text);
        }
    }
}
