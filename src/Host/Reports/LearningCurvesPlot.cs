using ActorTune.Model.State;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace ActorTune.Host.Reports;

/// <summary>
/// The sweep's metric per epoch for every trial: the "caviar" view of many curves at once. Trials that ended
/// early are grey and drawn underneath, the best trial is red and drawn last.
/// </summary>
public static class LearningCurvesPlot
{
    public static Plot? Draw(SweepState state)
    {
        var spec = state.RequireSpec();
        var best = state.Best();
        var curves = state.Trials
            .Select(trial => (Trial: trial, Points: trial.Epochs
                .Where(e => e.Metric(spec.Metric) is { } v && double.IsFinite(v))
                .Select(e => new Coordinates(e.Epoch, e.Metric(spec.Metric)!.Value)).ToArray()))
            .Where(c => c.Points.Length > 0)
            .OrderBy(c => c.Trial.Id == best?.Id ? 2 : PlotStyle.IsEndedEarly(c.Trial) ? 0 : 1)
            .ToList();
        if (curves.Count == 0)
        {
            return null;
        }
        var plot = PlotStyle.New($"Learning curves: {spec.Metric} per epoch, {curves.Count} trials", "epoch", PlotStyle.MetricLabel(spec));
        var legend = new PlotStyle.LegendOnce();
        foreach (var (trial, points) in curves)
        {
            var isBest = trial.Id == best?.Id;
            var line = plot.Add.ScatterLine(points, isBest ? PlotStyle.Best : PlotStyle.ColorOf(trial));
            line.LineWidth = isBest ? 3 : 1.5f;
            line.MarkerSize = points.Length == 1 || isBest ? 5 : 0;
            line.LegendText = isBest ? $"best: trial {trial.Id}" : legend.LabelOf(trial) ?? "";
        }
        plot.Axes.Bottom.TickGenerator = new NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.SetLimitsX(0.5, Math.Max(spec.Epochs, curves.Max(c => c.Points.Max(p => p.X))) + 0.5);
        PlotStyle.Legend(plot);
        return plot;
    }
}
