using System.Text;
using System.Text.Json;

namespace ActorTune.Model.Training.Command;

/// <summary>
/// One line of a training program's standard output: a JSON object with the epoch's metrics,
/// <c>{"epoch": 3, "val_accuracy": 0.91, "val_loss": 0.3}</c>. <c>epoch</c> is optional (lines count epochs
/// then); every other member must be a number, or null / NaN / Infinity for a diverged value (Python's
/// <c>json.dumps</c> writes bare <c>NaN</c>, which JSON itself does not allow, so it is accepted here).
/// </summary>
public sealed record EpochLine(int? Epoch, IReadOnlyDictionary<string, double> Metrics)
{
    public const string EpochKey = "epoch";

    /// <summary>The line's epoch and metrics, or null with <paramref name="problem"/> saying what is wrong.</summary>
    public static EpochLine? Parse(string line, out string? problem)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(QuoteNonFiniteNumbers(line));
        }
        catch (JsonException e)
        {
            problem = $"not JSON ({e.Message.Split(" Path:")[0].Split(" LineNumber:")[0]})";
            return null;
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                problem = $"a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}, not an object";
                return null;
            }
            int? epoch = null;
            var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var member in document.RootElement.EnumerateObject())
            {
                if (member.Name == EpochKey)
                {
                    if (member.Value.ValueKind != JsonValueKind.Number || !member.Value.TryGetInt32(out var e) || e < 1)
                    {
                        problem = $"\"epoch\" must be a whole number from 1 (got {member.Value.GetRawText()})";
                        return null;
                    }
                    epoch = e;
                }
                else if (Number(member.Value) is { } value)
                {
                    metrics[member.Name] = value;
                }
                else
                {
                    problem = $"\"{member.Name}\" is not a number (got {member.Value.GetRawText()})";
                    return null;
                }
            }
            if (metrics.Count == 0)
            {
                problem = "no metrics in it";
                return null;
            }
            problem = null;
            return new EpochLine(epoch, metrics);
        }
    }

    private static double? Number(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.Null => double.NaN,
        JsonValueKind.String => value.GetString() switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            _ => null,
        },
        _ => null,
    };

    /// <summary>Python's bare NaN, Infinity and -Infinity, outside strings, become the strings JSON can carry.</summary>
    private static string QuoteNonFiniteNumbers(string line)
    {
        if (!line.Contains("NaN", StringComparison.Ordinal) && !line.Contains("Infinity", StringComparison.Ordinal))
        {
            return line;
        }
        var result = new StringBuilder(line.Length + 8);
        var inString = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (inString)
            {
                result.Append(c);
                if (c == '\\' && i + 1 < line.Length)
                {
                    result.Append(line[++i]);
                }
                else if (c == '"')
                {
                    inString = false;
                }
                continue;
            }
            if (c == '"')
            {
                inString = true;
                result.Append(c);
                continue;
            }
            var word = new[] { "-Infinity", "Infinity", "NaN" }.FirstOrDefault(w => string.CompareOrdinal(line, i, w, 0, w.Length) == 0);
            if (word is null)
            {
                result.Append(c);
                continue;
            }
            result.Append('"').Append(word).Append('"');
            i += word.Length - 1;
        }
        return result.ToString();
    }
}
