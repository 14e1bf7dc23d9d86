using System.Globalization;
using System.IO.Compression;
using System.Text;
using nietras.SeparatedValues;

namespace ActorTune.Model.Data;

/// <summary>
/// Reads a classification data set from a CSV or gzip-compressed CSV (detected by its magic bytes, not its
/// name). Features must be numbers; the label column may hold numbers or words, which become classes in
/// sorted order. A first row with a non-number outside the label column is a header.
/// </summary>
public static class CsvDataLoader
{
    public static DataSet Load(string path, string? labelColumn = null, bool? header = null)
    {
        if (!File.Exists(path))
        {
            throw new DataFormatException(path, null, "file not found");
        }
        var rows = ReadRows(path);
        if (rows.Count == 0)
        {
            throw new DataFormatException(path, null, "no rows");
        }
        var first = rows[0];
        var labelIndex = ResolveLabelIndex(path, first, labelColumn, out var labelNeedsHeader);
        var hasHeader = header ?? (labelNeedsHeader || first.Cells.Where((_, i) => i != labelIndex).Any(c => !IsNumber(c)));
        if (labelNeedsHeader && !hasHeader)
        {
            throw new DataFormatException(path, first.Line, $"label-column '{labelColumn}' is a name, but header = false");
        }
        var width = first.Cells.Length;
        var featureNames = Enumerable.Range(0, width).Where(i => i != labelIndex)
            .Select(i => hasHeader ? first.Cells[i] : $"x{i}").ToList();
        var body = hasHeader ? rows.Skip(1).ToList() : rows;
        if (body.Count == 0)
        {
            throw new DataFormatException(path, null, "a header but no data rows");
        }
        if (width < 2)
        {
            throw new DataFormatException(path, first.Line, "needs at least one feature column and a label column");
        }

        var features = new float[body.Count * (width - 1)];
        var rawLabels = new string[body.Count];
        for (var r = 0; r < body.Count; r++)
        {
            var row = body[r];
            if (row.Cells.Length != width)
            {
                // A quote that is never closed swallows the rest of the file into one cell: say so, not just "2 columns".
                var unclosed = row.Cells.Any(c => c.Contains('"') || c.Contains('\n')) ? " (a quote opened on this line is not closed?)" : "";
                throw new DataFormatException(path, row.Line, $"{row.Cells.Length} columns, expected {width}{unclosed}");
            }
            var f = r * (width - 1);
            for (var c = 0; c < width; c++)
            {
                if (c == labelIndex)
                {
                    rawLabels[r] = row.Cells[c];
                    continue;
                }
                if (!double.TryParse(row.Cells[c], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
                {
                    throw new DataFormatException(path, row.Line, $"column {c + 1}: '{row.Cells[c]}' is not a number");
                }
                features[f++] = (float)value;
            }
        }
        var (labels, classNames) = Classes(rawLabels);
        if (classNames.Count < 2)
        {
            throw new DataFormatException(path, null, $"the label column has {classNames.Count} class; classification needs at least 2");
        }
        return new DataSet(path, features, labels, width - 1, classNames, featureNames);
    }

    /// <summary>
    /// Rows to predict: the features of a model that takes <paramref name="featureCount"/> of them, read with the sweep's
    /// options. A file one column wider has labels (in <paramref name="labelColumn"/>, by default the last column), and
    /// their values are returned as the file spells them; a file exactly as wide has none.
    /// </summary>
    public static (float[] Features, string[]? Labels, int Rows) LoadFeatures(string path, int featureCount, string? labelColumn = null, bool? header = null)
    {
        if (!File.Exists(path))
        {
            throw new DataFormatException(path, null, "file not found");
        }
        var rows = ReadRows(path);
        if (rows.Count == 0)
        {
            throw new DataFormatException(path, null, "no rows");
        }
        var first = rows[0];
        var width = first.Cells.Length;
        if (width != featureCount && width != featureCount + 1)
        {
            throw new DataFormatException(path, first.Line,
                $"{width} columns; the model takes {featureCount} features (and, optionally, the label: {featureCount + 1} columns)");
        }
        var labelIndex = -1;
        var labelNeedsHeader = false;
        if (width == featureCount + 1)
        {
            labelIndex = ResolveLabelIndex(path, first, labelColumn, out labelNeedsHeader);
        }
        var hasHeader = header ?? (labelNeedsHeader || first.Cells.Where((_, i) => i != labelIndex).Any(c => !IsNumber(c)));
        var body = hasHeader ? rows.Skip(1).ToList() : rows;
        var features = new float[body.Count * featureCount];
        var labels = labelIndex >= 0 ? new string[body.Count] : null;
        for (var r = 0; r < body.Count; r++)
        {
            var row = body[r];
            if (row.Cells.Length != width)
            {
                throw new DataFormatException(path, row.Line, $"{row.Cells.Length} columns, expected {width}");
            }
            var f = r * featureCount;
            for (var c = 0; c < width; c++)
            {
                if (c == labelIndex)
                {
                    labels![r] = row.Cells[c];
                    continue;
                }
                if (!double.TryParse(row.Cells[c], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
                {
                    throw new DataFormatException(path, row.Line, $"column {c + 1}: '{row.Cells[c]}' is not a number");
                }
                features[f++] = (float)value;
            }
        }
        return (features, labels, body.Count);
    }

    private sealed record Row(int Line, string[] Cells);

    /// <summary>
    /// Rows as RFC 4180 reads them (Sep): a quoted cell may hold the separator, a quote ("") or a line break, and
    /// CRLF, LF and CR all end a line. Cells are trimmed outside and inside quotes; blank lines are skipped. The
    /// whole file is decompressed first because the separator is chosen from its first line.
    /// </summary>
    private static List<Row> ReadRows(string path)
    {
        var text = ReadText(path);
        var rows = new List<Row>();
        if (FirstLine(text) is not { } firstLine)
        {
            return rows;
        }
        var options = new SepReaderOptions(new Sep(DetectSeparator(firstLine)))
        {
            HasHeader = false,
            Unescape = true,
            Trim = SepTrim.All,
            // Ragged rows are reported by Load with their line number, as a DataFormatException, not as Sep's exception.
            DisableColCountCheck = true,
            CultureInfo = CultureInfo.InvariantCulture,
        };
        using var reader = options.FromText(text);
        foreach (var row in reader)
        {
            if (row.ColCount == 1 && row[0].Span.IsWhiteSpace())
            {
                continue;
            }
            var cells = new string[row.ColCount];
            for (var c = 0; c < cells.Length; c++)
            {
                cells[c] = row[c].ToString();
            }
            rows.Add(new Row(row.LineNumberFrom, cells));
        }
        return rows;
    }

    private static string ReadText(string path)
    {
        using var file = File.OpenRead(path);
        Stream stream = file;
        var magic = new byte[2];
        var read = file.Read(magic, 0, 2);
        file.Position = 0;
        if (read == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
        {
            stream = new GZipStream(file, CompressionMode.Decompress);
        }
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = new StringBuilder();
        var buffer = new char[1 << 16];
        try
        {
            int count;
            while ((count = reader.Read(buffer, 0, buffer.Length)) > 0)
            {
                text.Append(buffer, 0, count);
            }
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(path, CountLines(text) + 1, $"cannot be decompressed ({e.Message})");
        }
        return text.ToString();
    }

    private static int CountLines(StringBuilder text)
    {
        var lines = 0;
        foreach (var chunk in text.GetChunks())
        {
            lines += chunk.Span.Count('\n');
        }
        return lines;
    }

    private static string? FirstLine(string text)
    {
        using var lines = new StringReader(text);
        while (lines.ReadLine() is { } line)
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                return line;
            }
        }
        return null;
    }

    /// <summary>Comma unless the first line has none and has a semicolon or a tab instead.</summary>
    private static char DetectSeparator(string line) =>
        line.Contains(',') ? ',' : line.Contains(';') ? ';' : line.Contains('\t') ? '\t' : ',';

    private static bool IsNumber(string cell) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static int ResolveLabelIndex(string path, Row first, string? labelColumn, out bool needsHeader)
    {
        needsHeader = false;
        var width = first.Cells.Length;
        if (string.IsNullOrEmpty(labelColumn))
        {
            return width - 1;
        }
        if (int.TryParse(labelColumn, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index))
        {
            var resolved = index < 0 ? width + index : index;
            if (resolved < 0 || resolved >= width)
            {
                throw new DataFormatException(path, first.Line, $"label-column {labelColumn} is outside the {width} columns");
            }
            return resolved;
        }
        needsHeader = true;
        var named = Array.FindIndex(first.Cells, c => string.Equals(c, labelColumn, StringComparison.Ordinal));
        if (named < 0)
        {
            throw new DataFormatException(path, first.Line,
                $"label-column '{labelColumn}' is not in the header ({string.Join(", ", first.Cells)})");
        }
        return named;
    }

    /// <summary>Class indices in sorted order of the label values: numerically if every label is a number.</summary>
    private static (int[] Labels, IReadOnlyList<string> Names) Classes(string[] raw)
    {
        var distinct = raw.Distinct(StringComparer.Ordinal).ToList();
        var numeric = distinct.All(IsNumber);
        var names = numeric
            ? distinct.OrderBy(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList()
            : distinct.OrderBy(v => v, StringComparer.Ordinal).ToList();
        var index = names.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        return (raw.Select(v => index[v]).ToArray(), names);
    }
}
