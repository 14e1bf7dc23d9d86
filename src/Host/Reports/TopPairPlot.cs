using ActorTune.Model.State;
using ActorTune.Model.Sweep;
using ScottPlot;

namespace ActorTune.Host.Reports;

/// <summary>
/// The two most important parameters against each other, each on its own scale, every trial coloured by its value
/// (a colour bar gives the scale; better is brighter), and each coarse-to-fine round's region as a rectangle.
/// Without a ranking (too few trials for the importance analysis) it shows the first two searched parameters, and
/// says so.
/// </summary>
public static class TopPairPlot
{
    /// <summary>What the two axes are: by importance when the ranking exists, else simply the first two searched.</summary>
    public static string Heading(IReadOnlyList<RankedParameter> ranking) =>
        ranking.Count >= 2 ? "The two most important parameters" : "The first two searched parameters";

    public static Plot? Draw(SweepState state, IReadOnlyList<RankedParameter> ranking)
    {
        var spec = state.RequireSpec();
        if (TopPair.Of(state, ranking) is not { Points.Count: > 0 } pair)
        {
            return null;
        }
        var (xAxis, yAxis) = (pair.XAxis, pair.YAxis);
        var plot = PlotStyle.New($"{Heading(ranking)}: {pair.XParameter.Name} and {pair.YParameter.Name}", xAxis.Label, yAxis.Label);
        var (xLow, xHigh) = xAxis.Limits();
        var (yLow, yHigh) = yAxis.Limits();
        DrawRegions(plot, pair.Regions);
        var colors = new ValueColors(pair.Points.Select(p => p.Trial.BestValue!.Value), spec.Goal);
        var best = state.Best();
        // Better trials are drawn last, so they stay on top where points overlap.
        foreach (var (trial, x, y) in pair.Points.OrderBy(p => spec.Goal.Score(p.Trial.BestValue!.Value)))
        {
            var marker = plot.Add.Marker(x, y, PlotStyle.IsEndedEarly(trial) ? MarkerShape.OpenCircle : MarkerShape.FilledCircle, 10,
                colors.Of(trial.BestValue!.Value));
            marker.MarkerLineWidth = 1.5f;
        }
        if (best is not null && pair.Points.FirstOrDefault(p => p.Trial.Id == best.Id) is { } top)
        {
            var marker = plot.Add.Marker(top.X, top.Y, MarkerShape.OpenCircle, 18, PlotStyle.Best);
            marker.MarkerLineWidth = 2.5f;
            marker.LegendText = $"best: trial {best.Id}";
        }
        PlotStyle.Legend(plot);
        var bar = plot.Add.ColorBar(colors, Edge.Right);
        bar.Label = spec.Metric;
        bar.LabelStyle.FontSize = 14;
        plot.Axes.SetLimits(xLow, xHigh, yLow, yHigh);
        xAxis.Apply(plot.Axes.Bottom);
        yAxis.Apply(plot.Axes.Left);
        return plot;
    }

    private static void DrawRegions(Plot plot, IReadOnlyList<TopPair.Region> regions)
    {
        var palette = new ScottPlot.Palettes.Category10();
        foreach (var (round, x1, x2, y1, y2) in regions)
        {
            var color = palette.GetColor(round + 1);
            var rectangle = plot.Add.Rectangle(x1, x2, y1, y2);
            rectangle.FillColor = color.WithAlpha(0.06);
            rectangle.LineColor = color;
            rectangle.LineWidth = 2;
            rectangle.LinePattern = LinePattern.Dashed;
            rectangle.LegendText = $"round {round} region";
            var label = plot.Add.Text($"round {round}", x1, y2);
            label.LabelFontColor = color;
            label.LabelFontSize = 12;
            label.LabelAlignment = Alignment.UpperLeft;
            label.LabelBackgroundColor = Colors.White.WithAlpha(0.75);
        }
    }

    /// <summary>Trial values mapped to Viridis, the better end bright, for the markers and the colour bar alike.</summary>
    private sealed class ValueColors : IHasColorAxis
    {
        private readonly double _min;
        private readonly double _max;

        public ValueColors(IEnumerable<double> values, Goal goal)
        {
            var list = values.ToList();
            (_min, _max) = (list.Min(), list.Max());
            if (_max <= _min)
            {
                (_min, _max) = (_min - 0.5, _max + 0.5);
            }
            Colormap = goal == Goal.Max ? new ScottPlot.Colormaps.Viridis() : new Reversed(new ScottPlot.Colormaps.Viridis());
        }

        public IColormap Colormap { get; set; }

        public ScottPlot.Range GetRange() => new(_min, _max);

        public Color Of(double value) => Colormap.GetColor((value - _min) / (_max - _min));
    }

    private sealed class Reversed(IColormap inner) : IColormap
    {
        public string Name => inner.Name + " (reversed)";

        public Color GetColor(double position) => inner.GetColor(1 - position);
    }
}
