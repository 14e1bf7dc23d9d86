using Spectre.Console;

namespace ActorTune.Host.Output;

/// <summary>
/// Fits text to the output's width without ever breaking a number or a word: lines break only between atoms
/// (a <c>name=value</c> pair, a word), and only free text such as a reason is cut, with an ellipsis.
/// </summary>
public static class TextFit
{
    public const string Ellipsis = "…";

    /// <summary>The width to draw in: the terminal's, or on a pipe <c>COLUMNS</c> if set, else 80 (see Program.cs).</summary>
    public static int Width => Math.Max(20, AnsiConsole.Profile.Width);

    /// <summary>The width of redirected output: <c>COLUMNS</c> when it holds a sensible number, else 80.</summary>
    public static int RedirectedWidth(string? columns) =>
        int.TryParse(columns, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= 20
            ? value
            : 80;

    /// <summary>
    /// <paramref name="text"/> cut to <paramref name="width"/> characters, its end replaced by an ellipsis when cut;
    /// the cut falls between words when there is a space to cut at, so a number is dropped whole or kept whole.
    /// </summary>
    public static string Cut(string text, int width)
    {
        if (text.Length <= width)
        {
            return text;
        }
        if (width <= 1)
        {
            return Ellipsis[..Math.Max(0, width)];
        }
        var kept = text[..(width - 1)];
        var space = kept.LastIndexOf(' ');
        if (text[width - 1] != ' ' && space > 0)
        {
            kept = kept[..space];
        }
        return kept.TrimEnd() + Ellipsis;
    }

    /// <summary>
    /// Lays <paramref name="atoms"/> out on lines of at most <paramref name="width"/> characters, separated by
    /// <paramref name="separator"/>: the first line starts with <paramref name="first"/>, the next ones with
    /// <paramref name="indent"/>. An atom longer than a whole line is cut rather than split.
    /// </summary>
    public static IReadOnlyList<string> Wrap(IEnumerable<string> atoms, int width, string first = "", string indent = "    ", string separator = "  ")
    {
        var lines = new List<string>();
        var line = new System.Text.StringBuilder(first);
        var empty = true;
        foreach (var atom in atoms)
        {
            var fitsNext = indent.Length + atom.Length <= width;
            if ((!empty && line.Length + separator.Length + atom.Length > width) ||
                (empty && line.Length > indent.Length && line.Length + atom.Length > width && fitsNext))
            {
                // Break before the atom (after a long first-line prefix too), so that it is printed whole.
                lines.Add(line.ToString().TrimEnd());
                line.Clear().Append(indent);
                empty = true;
            }
            if (!empty)
            {
                line.Append(separator);
            }
            line.Append(Cut(atom, Math.Max(1, width - line.Length)));
            empty = false;
        }
        lines.Add(line.ToString().TrimEnd());
        return lines;
    }

    /// <summary>Writes <see cref="Wrap"/>'s lines as they are (no markup) to the console.</summary>
    public static void WriteWrapped(IEnumerable<string> atoms, string first = "", string indent = "    ", string separator = "  ")
    {
        foreach (var line in Wrap(atoms, Width, first, indent, separator))
        {
            Console.WriteLine(line);
        }
    }
}
