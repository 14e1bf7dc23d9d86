namespace ActorTune.Host.Hosting;

/// <summary>
/// Where the host's structured log goes. Serilog's daily rolling file takes a path like <c>actortune-host-.log</c>
/// and writes <c>actortune-host-20260101.log</c> (the local date before the extension), so the banner names the
/// file actually written, not the pattern.
/// </summary>
public static class HostLogFile
{
    public const int DaysKept = 14;

    /// <summary>The path given to Serilog's rolling file sink.</summary>
    public static string Pattern(string directory) => Path.Combine(directory, "actortune-host-.log");

    /// <summary>The file Serilog writes on <paramref name="day"/> (its yyyyMMdd rolling format).</summary>
    public static string On(string directory, DateTime day) => Path.Combine(directory, $"actortune-host-{day:yyyyMMdd}.log");

    /// <summary>"/db/actortune-host-20260101.log (a new file each day, 14 kept)".</summary>
    public static string Describe(string directory, DateTime today) => $"{On(directory, today)} (a new file each day, {DaysKept} kept)";

    /// <summary>The host's last log line, the count of sweeps it interrupted said in words ("1 sweep", not "1 sweeps").</summary>
    public static string StoppedMessage(int stopped) => stopped switch
    {
        0 => "host stopping: no sweep was running",
        1 => "host stopping: 1 sweep stopped cleanly; it resumes when the host starts again",
        _ => $"host stopping: {stopped} sweeps stopped cleanly; they resume when the host starts again",
    };
}
