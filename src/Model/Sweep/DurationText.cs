using System.Globalization;

namespace ActorTune.Model.Sweep;

/// <summary>HOCON durations as a sweep file writes them: <c>90s</c>, <c>10m</c>, <c>2h</c>, <c>1.5h</c>, <c>500ms</c>, <c>1d</c>.</summary>
public static class DurationText
{
    private static readonly (string[] Units, double Seconds)[] Units =
    [
        (["ms", "milli", "millis", "millisecond", "milliseconds"], 0.001),
        (["s", "second", "seconds"], 1),
        (["m", "minute", "minutes"], 60),
        (["h", "hour", "hours"], 3600),
        (["d", "day", "days"], 86400),
    ];

    /// <summary>The duration, or null if <paramref name="text"/> is not a number followed by one of the units above.</summary>
    public static TimeSpan? Parse(string text)
    {
        var trimmed = text.Trim();
        var split = 0;
        while (split < trimmed.Length && (char.IsAsciiDigit(trimmed[split]) || trimmed[split] == '.'))
        {
            split++;
        }
        var unit = trimmed[split..].Trim();
        if (split == 0 || !double.TryParse(trimmed[..split], NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }
        foreach (var (names, seconds) in Units)
        {
            if (names.Contains(unit, StringComparer.Ordinal) && number * seconds <= TimeSpan.MaxValue.TotalSeconds / 2)
            {
                return TimeSpan.FromSeconds(number * seconds);
            }
        }
        return null;
    }
}
