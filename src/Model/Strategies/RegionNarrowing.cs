using ActorTune.Model.Space;
using ActorTune.Model.State;

namespace ActorTune.Model.Strategies;

/// <summary>
/// How one coarse-to-fine round's region follows from the last: each range shrinks to <see cref="Zoom"/> of its
/// width on its own axis, centred on the best trials, widened to hold all of them, never below
/// <see cref="MinWidth"/> of the whole axis and never outside the original bounds; integers keep whole cells;
/// choices keep the values seen among the best, and at least <see cref="Zoom"/> of their values.
/// </summary>
/// <param name="Zoom">
/// The fraction of the previous width a range keeps when the best trials agree, and of its values a choice keeps at
/// least (0 &lt; zoom ≤ 1).
/// </param>
/// <param name="MinWidth">The narrowest a range may get, as a fraction of its whole axis (0 &lt; min-width ≤ 1).</param>
public sealed record RegionNarrowing(double Zoom, double MinWidth)
{
    // Interval ends computed through exp and log land a hair off an integer's cell edge or centre.
    private const double Tolerance = 1e-9;

    /// <summary>The whole space: round 1's region.</summary>
    public static SearchRegion Whole(SearchSpace space) =>
        new(1, space.Searched.Select(p => p switch
        {
            RangeParameter range => new ParameterRegion(range.Name, range.Min, range.Max, null),
            ChoiceParameter choice => new ParameterRegion(choice.Name, null, null, choice.Values),
            _ => throw new ArgumentOutOfRangeException(nameof(space), p.Name, "an unsearched parameter has no region"),
        }).ToList());

    /// <summary>
    /// Round <paramref name="round"/>'s region, from the previous one and the previous round's configurations ranked
    /// best first, of which the first <paramref name="kept"/> are "the best".
    /// </summary>
    public SearchRegion Next(SearchSpace space, SearchRegion previous, IReadOnlyList<TrialConfig> ranked, int kept, int round)
    {
        var whole = Whole(space);
        var parameters = space.Searched.Select(p =>
        {
            var before = previous.Find(p.Name) ?? whole.Find(p.Name)!;
            var seen = ranked.Where(c => c.Contains(p.Name)).Select(c => c[p.Name]).ToList();
            var best = seen.Take(kept).ToList();
            if (best.Count == 0)
            {
                return before;
            }
            return p switch
            {
                RangeParameter range => NarrowRange(range, before, best.Where(v => v.IsNumber).Select(v => v.Number).ToList()),
                _ => before with { Values = NarrowChoice(before.Values ?? [], best, seen) },
            };
        }).ToList();
        return new SearchRegion(round, parameters);
    }

    /// <summary>
    /// The values seen among the best; like a range, a choice loses at most 1 - zoom of its values per round, topped up
    /// with the values whose best trial ranked highest (then those not tried), so that two lucky trials cannot rule
    /// out the right value for good.
    /// </summary>
    private IReadOnlyList<ParamValue> NarrowChoice(IReadOnlyList<ParamValue> allowed, IReadOnlyList<ParamValue> best, IReadOnlyList<ParamValue> ranked)
    {
        var floor = (int)Math.Ceiling(Zoom * allowed.Count - Tolerance);
        var order = ranked.Concat(allowed).Distinct().Where(allowed.Contains).ToList();
        var keep = order.Where(best.Contains).Concat(order.Where(v => !best.Contains(v))).Take(Math.Max(floor, best.Distinct().Count())).ToHashSet();
        return keep.Count == 0 ? allowed : allowed.Where(keep.Contains).ToList();
    }

    private ParameterRegion NarrowRange(RangeParameter range, ParameterRegion before, IReadOnlyList<double> best)
    {
        if (best.Count == 0)
        {
            return before;
        }
        var (wholeLow, wholeHigh) = RegionAxis.Of(range, range.Min, range.Max);
        var wholeWidth = wholeHigh - wholeLow;
        var previousWidth = RegionAxis.Width(range, before.Low ?? range.Min, before.High ?? range.Max);
        var (bestMin, bestMax) = (best.Min(), best.Max());
        var (keptLow, keptHigh) = RegionAxis.Of(range, bestMin, bestMax);
        var width = Math.Min(wholeWidth, Math.Max(Math.Max(Zoom * previousWidth, keptHigh - keptLow), MinWidth * wholeWidth));
        // Centred on the best trials, then slid (not cut) to stay inside the original bounds, keeping its width.
        var low = Math.Clamp((keptLow + keptHigh - width) / 2, wholeLow, wholeHigh - width);
        var high = low + width;
        var (a, b) = (range.FromAxis(low), range.FromAxis(high));
        var (valueLow, valueHigh) = (Math.Min(a, b), Math.Max(a, b));
        if (range.Scale.IsInteger())
        {
            return WholeCells(range, before.Name, valueLow, valueHigh, bestMin, bestMax, MinWidth * wholeWidth);
        }
        return new ParameterRegion(before.Name,
            Math.Clamp(Math.Min(valueLow, bestMin), range.Min, range.Max),
            Math.Clamp(Math.Max(valueHigh, bestMax), range.Min, range.Max), null);
    }

    /// <summary>
    /// The integers whose centres the interval [low, high] holds (at least the best ones), then widened a cell at a
    /// time, on the side nearer the interval's centre, until the region is at least the minimum width.
    /// </summary>
    private static ParameterRegion WholeCells(RangeParameter range, string name, double low, double high,
        double bestMin, double bestMax, double minWidth)
    {
        var first = Math.Min(Math.Ceiling(low - Tolerance), bestMin);
        var last = Math.Max(Math.Floor(high + Tolerance), bestMax);
        first = Math.Max(first, range.Min);
        last = Math.Min(last, range.Max);
        var centre = (low + high) / 2;
        while (RegionAxis.Width(range, first, last) < minWidth - Tolerance && (first > range.Min || last < range.Max))
        {
            var widenDown = first > range.Min && (last >= range.Max || centre - (first - 1) <= (last + 1) - centre);
            if (widenDown)
            {
                first--;
            }
            else
            {
                last++;
            }
        }
        return new ParameterRegion(name, first, last, null);
    }
}
