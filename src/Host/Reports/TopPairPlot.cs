using ActorTune.Model.Space;
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
        var names = ranking.Select(r => r.Name).Concat(spec.Space.Searched.Select(p => p.Name)).Distinct().Take(2).ToList();
        if (names.Count < 2)
        {
            return null;
        }
        var (xParameter, yParameter) = (spec.Space.Find(names[0])!, spec.Space.Find(names[1])!);
        var (xAxis, yAxis) = (ParameterAxis.For(xParameter), ParameterAxis.For(yParameter));
        // Each trial at the hyperparameters of its best epoch, the one its colour (value) comes from.
        var points = state.Trials
            .Where(t => t.BestValue is { } v && double.IsFinite(v))
            .Select(t => (Trial: t, Config: t.ConfigAtBest(spec.Metric, spec.Goal)))
            .Where(t => t.Config.Contains(names[0]) && t.Config.Contains(names[1]))
            .Select(t => (t.Trial, X: xAxis.Position(t.Config[names[0]]), Y: yAxis.Position(t.Config[names[1]])))
            .Where(p => p.X is not null && p.Y is not null)
            .Select(p => (p.Trial, X: p.X!.Value + ParameterPlot.Jitter(xParameter, p.Trial.Id), Y: p.Y!.Value + ParameterPlot.Jitter(yParameter, p.Trial.Id)))
            .ToList();
        if (points.Count == 0)
        {
            return null;
        }
        var plot = PlotStyle.New($"{Heading(ranking)}: {names[0]} and {names[1]}", xAxis.Label, yAxis.Label);
        var (xLow, xHigh) = xAxis.Limits();
        var (yLow, yHigh) = yAxis.Limits();
        DrawRegions(plot, state.Regions, xAxis, yAxis, xParameter, yParameter, (xLow, xHigh, yLow, yHigh));
        var colors = new ValueColors(points.Select(p => p.Trial.BestValue!.Value), spec.Goal);
        var best = state.Best();
        // Better trials are drawn last, so they stay on top where points overlap.
        foreach (var (trial, x, y) in points.OrderBy(p => spec.Goal.Score(p.Trial.BestValue!.Value)))
        {
            var marker = plot.Add.Marker(x, y, PlotStyle.IsEndedEarly(trial) ? MarkerShape.OpenCircle : MarkerShape.FilledCircle, 10,
                colors.Of(trial.BestValue!.Value));
            marker.MarkerLineWidth = 1.5f;
        }
        if (best is not null && points.FirstOrDefault(p => p.Trial.Id == best.Id) is { Trial: not null } top)
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

    private static void DrawRegions(Plot plot, IReadOnlyList<SearchRegion> regions, ParameterAxis xAxis, ParameterAxis yAxis,
        ParameterSpec xParameter, ParameterSpec yParameter, (double XLow, double XHigh, double YLow, double YHigh) whole)
    {
        var palette = new ScottPlot.Palettes.Category10();
        foreach (var region in regions)
        {
            var (x1, x2) = Span(region.Find(xParameter.Name), xAxis, (whole.XLow, whole.XHigh));
            var (y1, y2) = Span(region.Find(yParameter.Name), yAxis, (whole.YLow, whole.YHigh));
            var color = palette.GetColor(region.Round + 1);
            var rectangle = plot.Add.Rectangle(x1, x2, y1, y2);
            rectangle.FillColor = color.WithAlpha(0.06);
            rectangle.LineColor = color;
            rectangle.LineWidth = 2;
            rectangle.LinePattern = LinePattern.Dashed;
            rectangle.LegendText = $"round {region.Round} region";
            var label = plot.Add.Text($"round {region.Round}", x1, y2);
            label.LabelFontColor = color;
            label.LabelFontSize = 12;
            label.LabelAlignment = Alignment.UpperLeft;
            label.LabelBackgroundColor = Colors.White.WithAlpha(0.75);
        }
    }

    /// <summary>A region's extent on one axis: its bounds on the parameter's scale, its choices' slots, or the whole axis.</summary>
    private static (double Low, double High) Span(ParameterRegion? region, ParameterAxis axis, (double Low, double High) whole)
    {
        if (region is { Low: { } low, High: { } high } && axis.Position(low) is { } a && axis.Position(high) is { } b)
        {
            return (Math.Min(a, b), Math.Max(a, b));
        }
        if (region?.Values is { Count: > 0 } values)
        {
            var slots = values.Select(axis.Position).OfType<double>().ToList();
            if (slots.Count > 0)
            {
                return (slots.Min() - 0.4, slots.Max() + 0.4);
            }
        }
        return whole;
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
