using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ActorTune.Host.Reports;

/// <summary><see cref="TrialTable"/> as RFC 4180 CSV or as a JSON array of row objects.</summary>
public static class TableWriters
{
    /// <summary>
    /// RFC 4180: a header row, CRLF line ends, a field quoted when it holds a comma, a quote or a line break (quotes
    /// doubled). Numbers in the invariant culture at full precision ("R"), so a value read back is the same double;
    /// an empty field is no value.
    /// </summary>
    public static string Csv(TrialTable table)
    {
        var text = new StringBuilder();
        AppendRow(text, table.Columns);
        foreach (var row in table.Rows)
        {
            AppendRow(text, row.Select(Format));
        }
        return text.ToString();
    }

    public static string Json(TrialTable table)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var row in table.Rows)
            {
                json.WriteStartObject();
                for (var i = 0; i < table.Columns.Count; i++)
                {
                    json.WritePropertyName(table.Columns[i]);
                    switch (row[i])
                    {
                        case null:
                            json.WriteNullValue();
                            break;
                        case int n:
                            json.WriteNumberValue(n);
                            break;
                        case double d:
                            json.WriteNumberValue(d);
                            break;
                        default:
                            json.WriteStringValue(row[i]!.ToString());
                            break;
                    }
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>A cell as people and spreadsheets read it: invariant numbers, empty for no value.</summary>
    public static string Format(object? cell) => cell switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString() ?? "",
    };

    private static void AppendRow(StringBuilder text, IEnumerable<string> fields)
    {
        text.AppendJoin(',', fields.Select(Quote)).Append("\r\n");
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;
}
