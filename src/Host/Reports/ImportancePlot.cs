using System.Globalization;
using ScottPlot;

namespace ActorTune.Host.Reports;

/// <summary>The importance ranking as horizontal bars, the most important at the top, each with its share in percent.</summary>
public static class ImportancePlot
{
    public static Plot? Draw(IReadOnlyList<RankedParameter> ranking, string method)
    {
        if (ranking.Count == 0)
        {
            return null;
        }
        var plot = PlotStyle.New("Hyperparameter importance", $"share of importance in % ({method})", "");
        var bars = ranking.Select((p, i) => new Bar
        {
            Position = ranking.Count - 1 - i,
            Value = p.Importance * 100,
            FillColor = i == 0 ? PlotStyle.Best : PlotStyle.Ran,
            LineWidth = 0,
            Label = (p.Importance * 100).ToString("0", CultureInfo.InvariantCulture) + "%",
            Size = 0.7,
        }).ToArray();
        var barPlot = plot.Add.Bars(bars);
        barPlot.Horizontal = true;
        barPlot.ValueLabelStyle.FontSize = 13;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            bars.Select(b => b.Position).ToArray(), ranking.Select(p => p.Name).ToArray());
        plot.Axes.Left.TickLabelStyle.FontSize = 13;
        plot.Axes.SetLimits(0, Math.Max(10, ranking.Max(p => p.Importance) * 100 * 1.15), -0.6, ranking.Count - 0.4);
        return plot;
    }

    /// <summary>Room for one bar per parameter.</summary>
    public static int Height(int parameters) => 140 + 44 * Math.Max(1, parameters);
}
