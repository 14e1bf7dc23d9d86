using System.Globalization;
using ActorTune.Model.State;

namespace ActorTune.Host.Output;

/// <summary>
/// How far a sweep is and when it should end, for the live view's progress line. Progress counts finished trials
/// whole and running ones by their epochs; the ETA extrapolates the progress made since this view started (a
/// resumed sweep's earlier work took no time here), so it is unknown until something has moved.
/// </summary>
public sealed class SweepProgress
{
    private readonly double _atStart;

    public SweepProgress(SweepState started)
    {
        _atStart = Fraction(started);
    }

    /// <summary>Finished trials count 1, a running one its epochs over the maximum; over the trial budget.</summary>
    public static double Fraction(SweepState state)
    {
        var spec = state.RequireSpec();
        if (spec.Trials <= 0)
        {
            return 1;
        }
        var running = state.Trials.Where(t => t.Status == TrialStatus.Running)
            .Sum(t => spec.Epochs > 0 ? Math.Min(1.0, (double)t.LastEpoch / spec.Epochs) : 0);
        return Math.Clamp((state.Finished + running) / spec.Trials, 0, 1);
    }

    public TimeSpan? Remaining(SweepState state, TimeSpan elapsed)
    {
        var now = Fraction(state);
        if (now >= 1)
        {
            return TimeSpan.Zero;
        }
        var moved = now - _atStart;
        return moved <= 0 || elapsed <= TimeSpan.Zero ? null : TimeSpan.FromSeconds(elapsed.TotalSeconds * (1 - now) / moved);
    }

    /// <summary><c>[███████░░░░░░░]  45%  elapsed 0:12  ETA 0:15</c>, the bar taking what the width leaves.</summary>
    public string Line(SweepState state, TimeSpan elapsed, int width)
    {
        var fraction = Fraction(state);
        var tail = $" {Math.Floor(fraction * 100).ToString("0", CultureInfo.InvariantCulture),3}%  elapsed {Clock(elapsed)}  ETA {(Remaining(state, elapsed) is { } eta ? Clock(eta) : "-")}";
        var bar = Math.Clamp(width - tail.Length - 2, 0, 50);
        if (bar < 5)
        {
            return TextFit.Cut(tail.TrimStart(), width);
        }
        var filled = (int)Math.Round(fraction * bar);
        return "[" + new string('█', filled) + new string('░', bar - filled) + "]" + tail;
    }

    public static string Clock(TimeSpan span) =>
        span.TotalHours >= 1
            ? $"{(int)span.TotalHours}:{span.Minutes:00}:{span.Seconds:00}"
            : $"{span.Minutes}:{span.Seconds:00}";
}
