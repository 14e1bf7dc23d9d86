using System.Text.Json;
using System.Text.Json.Serialization;

namespace ActorTune.Actors.Persistence;

/// <summary>The JSON settings every stored or sent payload uses: camelCase, enums as words, NaN allowed.</summary>
public static class ModelJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        WriteIndented = false,
    };
}
