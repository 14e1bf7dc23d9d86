using ActorTune.Model.Space;
using ActorTune.Model.State;
using ScottPlot;

namespace ActorTune.Host.Reports;

/// <summary>
/// Each trial's value against one hyperparameter, on that parameter's own scale (the seed's "right scale"
/// picture): on a log axis, a log-uniform search covers every decade alike.
/// </summary>
public static class ParameterPlot
{
    public static Plot? Draw(SweepState state, ParameterSpec parameter)
    {
        var spec = state.RequireSpec();
        var axis = ParameterAxis.For(parameter);
        var best = state.Best();
        var points = state.Trials
            .Where(t => t.BestValue is { } v && double.IsFinite(v))
            .Select(t => (Trial: t, Config: t.ConfigAtBest(spec.Metric, spec.Goal))) // the epoch the value comes from
            .Where(t => t.Config.Contains(parameter.Name))
            .Select(t => (t.Trial, X: axis.Position(t.Config[parameter.Name]), Y: t.Trial.BestValue!.Value))
            .Where(p => p.X is not null)
            .Select(p => (p.Trial, X: p.X!.Value + Jitter(parameter, p.Trial.Id), p.Y))
            .ToList();
        if (points.Count == 0)
        {
            return null;
        }
        var plot = PlotStyle.New($"{spec.Metric} vs {parameter.Name} ({parameter.Describe()})", axis.Label, PlotStyle.MetricLabel(spec));
        var legend = new PlotStyle.LegendOnce();
        foreach (var (trial, x, y) in points.OrderBy(p => p.Trial.Id == best?.Id))
        {
            var isBest = trial.Id == best?.Id;
            var marker = plot.Add.Marker(x, y, isBest ? MarkerShape.FilledDiamond : MarkerShape.FilledCircle, isBest ? 12 : 8,
                isBest ? PlotStyle.Best : PlotStyle.ColorOf(trial));
            marker.LegendText = isBest ? $"best: trial {trial.Id}" : legend.LabelOf(trial) ?? "";
        }
        var (low, high) = axis.Limits();
        plot.Axes.SetLimitsX(low, high);
        axis.Apply(plot.Axes.Bottom);
        PlotStyle.Legend(plot);
        return plot;
    }

    /// <summary>Trials that chose the same value (a choice, or an int with few values) are spread a little sideways, so each one stays visible.</summary>
    public static double Jitter(ParameterSpec parameter, int trialId) =>
        parameter is ChoiceParameter || parameter is RangeParameter { Scale: Scale.Int } range && range.Max - range.Min <= 20
            ? ((trialId * 0.6180339887) % 1 - 0.5) * 0.3
            : 0;
}
