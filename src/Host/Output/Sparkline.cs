namespace ActorTune.Host.Output;

/// <summary>A curve in one line of text (▁▂▃▄▅▆▇█), scaled to its own range: a learning curve that fits beside its numbers.</summary>
public static class Sparkline
{
    private const string Bars = "▁▂▃▄▅▆▇█";

    /// <summary>The curve of the last <paramref name="maxPoints"/> values (all if null), scaled to their own range, so a long run never wraps its line.</summary>
    public static string Of(IReadOnlyList<double> values, int? maxPoints = null)
    {
        var shown = maxPoints is { } max && values.Count > max ? values.Skip(values.Count - Math.Max(0, max)).ToList() : values;
        var finite = shown.Where(double.IsFinite).ToList();
        if (finite.Count == 0)
        {
            return new string('·', shown.Count);
        }
        var (low, high) = (finite.Min(), finite.Max());
        return string.Concat(shown.Select(v => !double.IsFinite(v)
            ? '·'
            : Bars[high > low ? (int)Math.Round((v - low) / (high - low) * (Bars.Length - 1)) : Bars.Length / 2]));
    }
}
