namespace ActorTune.Host.Output;

/// <summary>A curve in one line of text (▁▂▃▄▅▆▇█), scaled to its own range: a learning curve that fits beside its numbers.</summary>
public static class Sparkline
{
    private const string Bars = "▁▂▃▄▅▆▇█";

    public static string Of(IReadOnlyList<double> values)
    {
        var finite = values.Where(double.IsFinite).ToList();
        if (finite.Count == 0)
        {
            return new string('·', values.Count);
        }
        var (low, high) = (finite.Min(), finite.Max());
        return string.Concat(values.Select(v => !double.IsFinite(v)
            ? '·'
            : Bars[high > low ? (int)Math.Round((v - low) / (high - low) * (Bars.Length - 1)) : Bars.Length / 2]));
    }
}
