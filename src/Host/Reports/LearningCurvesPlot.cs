using ActorTune.Model.State;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace ActorTune.Host.Reports;

/// <summary>
/// The sweep's metric per epoch for every trial: the "caviar" view of many curves at once. Trials that ended
/// early are grey and drawn underneath, the best trial is red and drawn last. Under population-based training a
/// triangle marks the epoch after which a trial copied a better one (its curve jumps there).
/// </summary>
public static class LearningCurvesPlot
{
    public const string ExploitLabel = "copied a better trial (PBT exploit)";

    /// <summary>A PBT exploit on the curves: trial <see cref="TrialId"/> took <see cref="Donor"/>'s state after <see cref="Epoch"/>.</summary>
    public sealed record Exploit(int TrialId, int Epoch, int Donor, double Value);

    /// <summary>
    /// Every exploit whose epoch has a value on the trial's curve. A babysitter's change names the trial itself as
    /// the donor; it copied nothing, so it is not an exploit.
    /// </summary>
    public static IReadOnlyList<Exploit> Exploits(SweepState state)
    {
        var metric = state.RequireSpec().Metric;
        return state.Trials
            .SelectMany(trial => (trial.Schedule ?? []).Where(c => c.Donor != trial.Id)
                .Select(c => (Change: c, Value: trial.Epochs.FirstOrDefault(e => e.Epoch == c.FromEpoch)?.Metric(metric)))
                .Where(p => p.Value is { } v && double.IsFinite(v))
                .Select(p => new Exploit(trial.Id, p.Change.FromEpoch, p.Change.Donor, p.Value!.Value)))
            .ToList();
    }

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
        var exploits = Exploits(state);
        if (exploits.Count > 0)
        {
            var markers = plot.Add.Markers(exploits.Select(e => new Coordinates(e.Epoch, e.Value)).ToArray(), MarkerShape.FilledTriangleUp, 9,
                Color.FromHex("#2ca02c"));
            markers.LegendText = ExploitLabel;
        }
        plot.Axes.Bottom.TickGenerator = new NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.SetLimitsX(0.5, Math.Max(spec.Epochs, curves.Max(c => c.Points.Max(p => p.X))) + 0.5);
        PlotStyle.Legend(plot);
        return plot;
    }
}
