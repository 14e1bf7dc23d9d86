using ActorTune.Model.Space;

namespace ActorTune.Model.Strategies;

/// <summary>
/// Where a region of a range parameter lies on the parameter's own axis (ln x for log, ln(1-x) for one-minus-log),
/// the coordinate in which its scale is uniform and in which regions are narrowed. An integer owns the whole cell
/// [k - 0.5, k + 0.5), so the integer region [2, 3] covers [1.5, 3.5] and the end values get full shares.
/// </summary>
public static class RegionAxis
{
    /// <summary>The axis interval of the values [low, high], lower end first whatever the scale's direction.</summary>
    public static (double Low, double High) Of(RangeParameter parameter, double low, double high)
    {
        var (a, b) = parameter.Scale.IsInteger()
            ? (parameter.ToAxis(low - 0.5), parameter.ToAxis(high + 0.5))
            : (parameter.ToAxis(low), parameter.ToAxis(high));
        return (Math.Min(a, b), Math.Max(a, b));
    }

    /// <summary>The value at fraction <paramref name="u"/> of the region [low, high], uniform on the axis.</summary>
    public static ParamValue Sample(RangeParameter parameter, double low, double high, double u)
    {
        var (a, b) = Of(parameter, low, high);
        var value = parameter.FromAxis(a + Math.Clamp(u, 0, 1) * (b - a));
        if (parameter.Scale.IsInteger())
        {
            value = Math.Floor(value + 0.5);
        }
        return ParamValue.Of(Math.Clamp(value, low, high));
    }

    /// <summary>The width of the region [low, high] on the axis.</summary>
    public static double Width(RangeParameter parameter, double low, double high)
    {
        var (a, b) = Of(parameter, low, high);
        return b - a;
    }
}
