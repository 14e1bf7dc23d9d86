using ActorTune.Model.State;
using ScottPlot;

namespace ActorTune.Host.Reports;

/// <summary>One picture of the report: its PNG file (beside the page, and embedded in it), title and caption.</summary>
public sealed record ReportFigure(string File, string Title, string Caption, byte[] Png);

/// <summary>
/// <c>actortune report</c>: the sweep's plots as PNG files and one self-contained HTML page (the PNGs embedded as
/// data URIs, so the page alone can be mailed or archived) with the trials table.
/// </summary>
public static class SweepReport
{
    public const string PageFile = "index.html";

    /// <summary>Writes the PNGs and the page into <paramref name="directory"/>; returns the files written, the page last.</summary>
    public static IReadOnlyList<string> Write(SweepState state, string status, string directory)
    {
        var spec = state.RequireSpec();
        Directory.CreateDirectory(directory);
        var ranking = ParameterRanking.Of(state);
        var figures = new List<ReportFigure>();
        void Add(string file, Plot? plot, int width, int height, string title, string caption)
        {
            if (plot is null)
            {
                return;
            }
            var path = Path.Combine(directory, file);
            plot.SavePng(path, width, height);
            figures.Add(new ReportFigure(file, title, caption, File.ReadAllBytes(path)));
        }

        Add("learning-curves.png", LearningCurvesPlot.Draw(state), 960, 540, "Learning curves",
            $"{spec.Metric} after every epoch of every trial. Grey: trials that were pruned, diverged or failed; red: the best trial.");
        Add("history.png", HistoryPlot.Draw(state), 960, 460, "Optimisation history",
            "Each trial's value (its best epoch) in the order the trials were proposed, and the best value found so far.");
        Add("top-pair.png", TopPairPlot.Draw(state, ranking), 820, 640, TopPairPlot.Heading(ranking),
            (ranking.Count >= 2
                ? "Every trial placed by the two parameters that mattered most"
                : "Every trial placed by the first two searched parameters (too few trials to rank them by importance)") +
            ", each on its own scale, coloured by its value" +
            (state.Regions.Count > 0 ? "; dashed rectangles are the regions each coarse-to-fine round searched." : "."));
        Add("importance.png", ImportancePlot.Draw(ranking, ParameterRanking.Method), 820, ImportancePlot.Height(ranking.Count),
            "Importance", $"How much each searched parameter mattered: {ParameterRanking.Method}, as a share of the total.");
        foreach (var parameter in spec.Space.Searched)
        {
            Add($"param-{FileSafe(parameter.Name)}.png", ParameterPlot.Draw(state, parameter), 720, 460, $"{spec.Metric} vs {parameter.Name}",
                $"Each trial's value against {parameter.Name}, searched on a {parameter.Describe()} scale and drawn on that scale.");
        }
        var page = Path.Combine(directory, PageFile);
        File.WriteAllText(page, ReportPage.Html(state, status, figures));
        return [.. figures.Select(f => Path.Combine(directory, f.File)), page];
    }

    /// <summary>A parameter name as part of a file name: letters, digits, '-' and '_' kept, anything else '_'.</summary>
    public static string FileSafe(string name) =>
        new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
}
