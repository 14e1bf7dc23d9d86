using System.Globalization;
using ActorTune.Model.Space;
using ActorTune.Model.State;

namespace ActorTune.Host.Output;

/// <summary>How numbers, configs and durations are written for people (JSON keeps full precision).</summary>
public static class Formats
{
    public static string Metric(double? value) =>
        value is { } v ? (double.IsFinite(v) ? v.ToString("0.0000", CultureInfo.InvariantCulture) : v.ToString(CultureInfo.InvariantCulture)) : "-";

    public static string Config(TrialConfig config, IReadOnlyCollection<string>? only = null) =>
        string.Join("  ", config.Values.Where(p => only is null || only.Contains(p.Key)).Select(p => $"{p.Key}={TrialConfig.Short(p.Value)}"));

    public static string Seconds(double seconds) =>
        seconds < 120 ? $"{seconds.ToString("0.0", CultureInfo.InvariantCulture)} s" : TimeSpan.FromSeconds(seconds).ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture);

    /// <summary>"38 completed, 2 diverged": the statuses present, in the enum's order.</summary>
    public static string StatusCounts(SweepState state) =>
        string.Join(", ", state.Trials.GroupBy(t => t.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToName()}"));
}
