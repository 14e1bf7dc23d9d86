using ActorTune.Model.State;
using ActorTune.Model.Sweep;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace ActorTune.Host.Reports;

/// <summary>Optimisation history: every trial's value in trial order, and the best value so far as a step line.</summary>
public static class HistoryPlot
{
    public static Plot? Draw(SweepState state)
    {
        var spec = state.RequireSpec();
        var trials = state.Trials.Where(t => t.BestValue is { } v && double.IsFinite(v)).ToList();
        if (trials.Count == 0)
        {
            return null;
        }
        var plot = PlotStyle.New($"Optimisation history: {spec.Metric} per trial", "trial (in the order proposed)", PlotStyle.MetricLabel(spec));
        var legend = new PlotStyle.LegendOnce();
        foreach (var trial in trials)
        {
            var marker = plot.Add.Marker(trial.Id, trial.BestValue!.Value, MarkerShape.FilledCircle, 8, PlotStyle.ColorOf(trial));
            marker.LegendText = legend.LabelOf(trial) ?? "";
        }
        var bestSoFar = new List<Coordinates>();
        var best = trials[0].BestValue!.Value;
        foreach (var trial in trials)
        {
            if (spec.Goal.IsBetter(trial.BestValue!.Value, best))
            {
                best = trial.BestValue!.Value;
            }
            bestSoFar.Add(new Coordinates(trial.Id, best));
        }
        bestSoFar.Add(new Coordinates(state.Trials.Count + 0.5, best));
        var line = plot.Add.ScatterLine(bestSoFar, PlotStyle.BestSoFar);
        line.ConnectStyle = ConnectStyle.StepHorizontal;
        line.LineWidth = 2.5f;
        line.LegendText = "best so far";
        plot.Axes.Bottom.TickGenerator = new NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.SetLimitsX(0.5, state.Trials.Count + 0.5);
        var (low, high) = LimitsY(trials.Select(t => t.BestValue!.Value));
        plot.Axes.SetLimitsY(low, high);
        PlotStyle.Legend(plot);
        return plot;
    }

    /// <summary>
    /// The values' range with a tenth of it as margin each side (or a twentieth of the value itself when all are
    /// equal), set explicitly rather than left to the automatic limits, so the lowest and the highest trial are
    /// whole markers inside the axes, never half-circles on their edge.
    /// </summary>
    public static (double Low, double High) LimitsY(IEnumerable<double> values)
    {
        var list = values.ToList();
        var (min, max) = (list.Min(), list.Max());
        var margin = max > min ? (max - min) * 0.1 : Math.Max(Math.Abs(min) * 0.05, 0.01);
        return (min - margin, max + margin);
    }
}
