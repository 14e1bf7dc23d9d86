namespace ActorTune.Host.Output;

/// <summary>
/// A plain-text table that fits a given width by rules a reader can trust: the cuttable column (free text such
/// as a reason) is cut with an ellipsis first, then optional columns are dropped, and no cell is ever wrapped —
/// so a number is always printed whole. A row may carry detail atoms (its parameters) laid out on their own
/// indented lines under it, breaking only between atoms.
/// </summary>
public sealed class TextTable
{
    private const string Margin = "  ";
    private const string Gap = "  ";
    private const string DetailIndent = "        ";
    private readonly List<Column> _columns = [];
    private readonly List<(IReadOnlyList<string> Cells, IReadOnlyList<string> Details)> _rows = [];

    /// <param name="DropRank">0: always shown; otherwise dropped when the table does not fit, highest rank first.</param>
    /// <param name="Cuttable">Free text that may be cut (with an ellipsis) down to <see cref="MinCut"/> characters.</param>
    public sealed record Column(string Header, bool Right = false, bool Cuttable = false, int DropRank = 0)
    {
        public int MinCut => Math.Max(Header.Length, 12);
    }

    public TextTable Add(Column column)
    {
        _columns.Add(column);
        return this;
    }

    public TextTable AddRow(IReadOnlyList<string> cells, IReadOnlyList<string>? details = null)
    {
        if (cells.Count != _columns.Count)
        {
            throw new ArgumentException($"a row has {cells.Count} cells, the table {_columns.Count} columns");
        }
        _rows.Add((cells, details ?? []));
        return this;
    }

    /// <summary>The width of the table with every column whole.</summary>
    public int NaturalWidth => WidthOf(Enumerable.Range(0, _columns.Count).ToList(), NaturalWidths());

    public IReadOnlyList<string> Render(int width)
    {
        var widths = NaturalWidths();
        var shown = Enumerable.Range(0, _columns.Count).ToList();
        while (WidthOf(shown, widths) > width)
        {
            var excess = WidthOf(shown, widths) - width;
            var cuttable = shown.FirstOrDefault(i => _columns[i].Cuttable && widths[i] > _columns[i].MinCut, -1);
            if (cuttable >= 0)
            {
                widths[cuttable] = Math.Max(_columns[cuttable].MinCut, widths[cuttable] - excess);
                continue;
            }
            var droppable = shown.Where(i => _columns[i].DropRank > 0).OrderByDescending(i => _columns[i].DropRank).FirstOrDefault(-1);
            if (droppable < 0)
            {
                break; // nothing left to give: the table is as narrow as it can be without breaking a value
            }
            shown.Remove(droppable);
        }
        var lines = new List<string>
        {
            Line(shown, widths, shown.Select(i => _columns[i].Header).ToList()),
            Margin + new string('─', WidthOf(shown, widths) - Margin.Length),
        };
        foreach (var (cells, details) in _rows)
        {
            lines.Add(Line(shown, widths, shown.Select(i => cells[i]).ToList()));
            if (details.Count > 0)
            {
                lines.AddRange(TextFit.Wrap(details, width, DetailIndent, DetailIndent));
            }
        }
        return lines;
    }

    private int[] NaturalWidths() =>
        _columns.Select((column, i) => _rows.Select(r => r.Cells[i].Length).Append(column.Header.Length).Max()).ToArray();

    private static int WidthOf(IReadOnlyList<int> shown, int[] widths) =>
        Margin.Length + shown.Sum(i => widths[i]) + Gap.Length * Math.Max(0, shown.Count - 1);

    private string Line(IReadOnlyList<int> shown, int[] widths, IReadOnlyList<string> cells)
    {
        var parts = shown.Select((column, k) =>
        {
            var text = _columns[column].Cuttable ? TextFit.Cut(cells[k], widths[column]) : cells[k];
            return _columns[column].Right ? text.PadLeft(widths[column]) : text.PadRight(widths[column]);
        });
        return (Margin + string.Join(Gap, parts)).TrimEnd();
    }
}
