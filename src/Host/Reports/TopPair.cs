using ActorTune.Model.Space;
using ActorTune.Model.State;

namespace ActorTune.Host.Reports;

/// <summary>
/// What the top-pair picture shows, as numbers: the two most important searched parameters (else the first two),
/// each on its own scale (<see cref="ParameterAxis"/>), every trial with a value at the hyperparameters of its best
/// epoch, and each coarse-to-fine round's region as a rectangle in the same plot positions. The report draws it
/// (<see cref="TopPairPlot"/>) and the dashboard sends it to the browser.
/// </summary>
public sealed record TopPair(
    ParameterSpec XParameter,
    ParameterSpec YParameter,
    bool ByImportance,
    IReadOnlyList<TopPair.Point> Points,
    IReadOnlyList<TopPair.Region> Regions)
{
    public sealed record Point(TrialState Trial, double X, double Y);

    public sealed record Region(int Round, double X1, double X2, double Y1, double Y2);

    public ParameterAxis XAxis { get; } = ParameterAxis.For(XParameter);

    public ParameterAxis YAxis { get; } = ParameterAxis.For(YParameter);

    /// <summary>Null when fewer than two parameters are searched.</summary>
    /// <param name="trials">The trials to place (all of the sweep's by default; the dashboard passes a sample).</param>
    public static TopPair? Of(SweepState state, IReadOnlyList<RankedParameter> ranking, IEnumerable<TrialState>? trials = null)
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
        var points = (trials ?? state.Trials)
            .Where(t => t.BestValue is { } v && double.IsFinite(v))
            .Select(t => (Trial: t, Config: t.ConfigAtBest(spec.Metric, spec.Goal)))
            .Where(t => t.Config.Contains(names[0]) && t.Config.Contains(names[1]))
            .Select(t => (t.Trial, X: xAxis.Position(t.Config[names[0]]), Y: yAxis.Position(t.Config[names[1]])))
            .Where(p => p.X is not null && p.Y is not null)
            .Select(p => new Point(p.Trial, p.X!.Value + ParameterPlot.Jitter(xParameter, p.Trial.Id), p.Y!.Value + ParameterPlot.Jitter(yParameter, p.Trial.Id)))
            .ToList();
        var (xLow, xHigh) = xAxis.Limits();
        var (yLow, yHigh) = yAxis.Limits();
        var regions = state.Regions.Select(region =>
        {
            var (x1, x2) = Span(region.Find(xParameter.Name), xAxis, (xLow, xHigh));
            var (y1, y2) = Span(region.Find(yParameter.Name), yAxis, (yLow, yHigh));
            return new Region(region.Round, x1, x2, y1, y2);
        }).ToList();
        return new TopPair(xParameter, yParameter, ranking.Count >= 2, points, regions);
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
}
