using ActorTune.Model.State;
using ActorTune.Model.Sweep;
using ScottPlot;

namespace ActorTune.Host.Reports;

/// <summary>
/// What every report plot shares: trials that ran their course in blue, trials that ended early (pruned,
/// diverged, failed) in grey, the best trial in red on top; readable fonts; the metric named with its direction.
/// </summary>
public static class PlotStyle
{
    public static readonly Color Ran = Color.FromHex("#1f77b4");
    public static readonly Color EndedEarly = Color.FromHex("#8c8c8c");
    public static readonly Color Best = Color.FromHex("#d62728");
    public static readonly Color BestSoFar = Color.FromHex("#ff7f0e");

    /// <summary>From Debian's fonts-dejavu-core; ScottPlot's own default falls back to a serif face there, and to it where this is missing.</summary>
    private const string SansFont = "DejaVu Sans";

    public const string EndedEarlyLabel = "pruned / diverged / failed";

    public static Plot New(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set(SansFont);
        plot.Title(title, 16);
        plot.XLabel(xLabel, 14);
        plot.YLabel(yLabel, 14);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 12;
        plot.Axes.Left.TickLabelStyle.FontSize = 12;
        return plot;
    }

    public static bool IsEndedEarly(TrialState trial) => trial.Status is TrialStatus.Pruned or TrialStatus.Diverged or TrialStatus.Failed;

    public static Color ColorOf(TrialState trial) => IsEndedEarly(trial) ? EndedEarly.WithAlpha(0.55) : Ran.WithAlpha(0.6);

    /// <summary>"val_accuracy (higher is better)".</summary>
    public static string MetricLabel(SweepSpec spec) =>
        $"{spec.Metric} ({(spec.Goal == Goal.Max ? "higher" : "lower")} is better)";

    /// <summary>The legend in a row under the plot, where it never covers a curve or a point.</summary>
    public static void Legend(Plot plot)
    {
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.FontSize = 12;
    }

    /// <summary>
    /// A legend entry the first time a kind of trial is drawn: one "completed", one "pruned / diverged / failed",
    /// however many trials there are.
    /// </summary>
    public sealed class LegendOnce
    {
        private readonly HashSet<string> _shown = [];

        public string? Label(string text) => _shown.Add(text) ? text : null;

        public string? LabelOf(TrialState trial) => Label(IsEndedEarly(trial) ? EndedEarlyLabel : trial.Status.ToName());
    }
}
