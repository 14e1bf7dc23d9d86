using System.Globalization;
using ActorTune.Model.Space;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace ActorTune.Host.Reports;

/// <summary>
/// One hyperparameter drawn on its own scale (the seed's "right scale"): log10 x for <c>log</c> and <c>int-log</c>,
/// −log10(1−β) for <c>one-minus-log</c> (so 0.9, 0.99, 0.999 are evenly spaced, rising to the right), the raw value
/// for <c>linear</c> and <c>int</c>, and one slot per value for a choice. Ticks are labelled in the parameter's own
/// values, and the axis spans the whole searched range.
/// </summary>
public sealed class ParameterAxis
{
    private readonly ParameterSpec _parameter;

    private ParameterAxis(ParameterSpec parameter)
    {
        _parameter = parameter;
    }

    public static ParameterAxis For(ParameterSpec parameter) => new(parameter);

    public string Name => _parameter.Name;

    public string Label => _parameter switch
    {
        RangeParameter { Scale: Scale.Log or Scale.IntLog } => $"{Name} (log axis)",
        RangeParameter { Scale: Scale.OneMinusLog } => $"{Name} (1 - {Name} on a log axis)",
        _ => Name,
    };

    /// <summary>Where a value goes on the plot, or null for a value the axis cannot place.</summary>
    public double? Position(ParamValue value) => _parameter switch
    {
        ChoiceParameter choice => choice.IndexOf(value) is var index and >= 0 ? index : null,
        RangeParameter when value.IsNumber => Position(value.Number),
        _ => null,
    };

    /// <summary>The plot position of a raw number on a range parameter's scale (region bounds, ticks).</summary>
    public double? Position(double value)
    {
        if (_parameter is not RangeParameter range)
        {
            return null;
        }
        var position = range.Scale switch
        {
            Scale.Log or Scale.IntLog => Math.Log10(value),
            Scale.OneMinusLog => -Math.Log10(1 - value),
            _ => value,
        };
        return double.IsFinite(position) ? position : null;
    }

    /// <summary>The plot positions the searched range spans, with a little room on each side.</summary>
    public (double Low, double High) Limits()
    {
        var (low, high) = _parameter switch
        {
            ChoiceParameter choice => (-0.5, choice.Values.Count - 0.5),
            // Room for the sideways spread of trials that share a value (ParameterPlot.Jitter).
            RangeParameter { Scale: Scale.Int } range when range.Max - range.Min <= 20 => (range.Min - 0.5, range.Max + 0.5),
            RangeParameter range => (Position(range.Min) ?? 0, Position(range.Max) ?? 1),
            _ => (-0.5, 0.5),
        };
        var pad = high > low ? (high - low) * 0.04 : 0.5;
        return (low - pad, high + pad);
    }

    /// <summary>Ticks in the parameter's own values; automatic numeric ticks for linear and (whole numbers only) int scales.</summary>
    public void Apply(IAxis axis)
    {
        if (Ticks() is { } ticks)
        {
            var manual = new NumericManual();
            foreach (var tick in ticks)
            {
                if (tick.Label is { } label)
                {
                    manual.AddMajor(tick.Position, label);
                }
                else
                {
                    manual.AddMinor(tick.Position);
                }
            }
            axis.TickGenerator = manual;
        }
        else if (_parameter is RangeParameter { Scale: Scale.Int })
        {
            axis.TickGenerator = new NumericAutomatic { IntegerTicksOnly = true };
        }
    }

    /// <summary>One tick: its plot position and, for a major tick, its label in the parameter's own values.</summary>
    public sealed record Tick(double Position, string? Label);

    /// <summary>
    /// The ticks of a choice (one per value) or a log or one-minus-log range; null for linear and int ranges, whose
    /// positions are their values and take any chart's automatic ticks. The report and the dashboard draw these.
    /// </summary>
    public IReadOnlyList<Tick>? Ticks() => _parameter switch
    {
        ChoiceParameter choice => choice.Values.Select((value, i) => new Tick(i, TrialConfig.Short(value))).ToList(),
        RangeParameter { Scale: Scale.Log or Scale.IntLog } range => LogTicks(range.Min, range.Max, v => v, FormatValue),
        // Ticks are chosen on 1-β (log-nice numbers) and labelled as β.
        RangeParameter { Scale: Scale.OneMinusLog } range => LogTicks(1 - range.Max, 1 - range.Min, c => 1 - c, c => FormatValue(Math.Round(1 - c, 12))),
        _ => null,
    };

    /// <summary>
    /// Log-scale ticks between <paramref name="low"/> and <paramref name="high"/> (both &gt; 0): decades when the
    /// range spans at least three, else 1-2-5 steps, else every integer multiple of a power of ten, else five
    /// evenly spaced values rounded to two digits; unlabelled minor ticks at the multiples in between.
    /// </summary>
    private List<Tick> LogTicks(double low, double high, Func<double, double> toValue, Func<double, string> label)
    {
        var ticks = new List<Tick>();
        var inRange = (double v) => v >= low * (1 - 1e-9) && v <= high * (1 + 1e-9);
        var all = Multiples(low, high, [1, 2, 3, 4, 5, 6, 7, 8, 9]).Where(inRange).ToList();
        var majors = new[] { new double[] { 1 }, [1, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9] }
            .Select(steps => Multiples(low, high, steps).Where(inRange).ToList())
            .FirstOrDefault(candidates => candidates.Count >= 3)
            ?? Enumerable.Range(0, 5).Select(i => RoundTo2Digits(Math.Exp(Math.Log(low) + (Math.Log(high) - Math.Log(low)) * i / 4))).Distinct().ToList();
        // The ends of the searched range are labelled too, unless a major tick is close by (under 0.3 decade).
        majors = [.. majors, .. new[] { low, high }.Where(end => majors.All(m => Math.Abs(Math.Log10(m / end)) >= 0.3))];
        foreach (var major in majors)
        {
            if (Position(toValue(major)) is { } position)
            {
                ticks.Add(new Tick(position, label(major)));
            }
        }
        foreach (var minor in all.Where(v => !majors.Contains(v)))
        {
            if (Position(toValue(minor)) is { } position)
            {
                ticks.Add(new Tick(position, null));
            }
        }
        return ticks;
    }

    private static IEnumerable<double> Multiples(double low, double high, double[] steps)
    {
        for (var exponent = (int)Math.Floor(Math.Log10(low)); exponent <= (int)Math.Ceiling(Math.Log10(high)); exponent++)
        {
            foreach (var step in steps)
            {
                // Parsed from text, so 3e-4 is the double people mean, not 3 * 0.0001.
                yield return double.Parse($"{step}e{exponent}", CultureInfo.InvariantCulture);
            }
        }
    }

    private static double RoundTo2Digits(double value)
    {
        var scale = Math.Pow(10, Math.Floor(Math.Log10(value)) - 1);
        return Math.Round(value / scale) * scale;
    }

    /// <summary>0.001, 0.99, 128; 1e-05 style only for very small or large numbers.</summary>
    public static string FormatValue(double value)
    {
        var magnitude = Math.Abs(value);
        if (magnitude != 0 && (magnitude < 1e-4 || magnitude >= 1e6))
        {
            return value.ToString("0.##e0", CultureInfo.InvariantCulture);
        }
        return value.ToString("0.######", CultureInfo.InvariantCulture);
    }
}
