using ActorTune.Actors.Persistence;
using Microsoft.Extensions.Hosting;
using Serilog;

namespace ActorTune.Host.Hosting;

/// <summary>
/// While a live view owns the terminal, nothing else may write to it: a line from Akka (a worker lost, a gated
/// association) would be drawn over the table and scroll its header away. So Akka's log goes through the host's
/// logging to a text file rolled daily beside the database (<c>actortune-run-YYYYMMDD.log</c>), and Akka's own
/// console logger for start-up and shut-down is turned off.
/// </summary>
public static class LiveViewLogging
{
    /// <summary>Silences Akka's standard-out logger, which runs before and after the configured loggers.</summary>
    public const string QuietConsoleHocon = "akka.stdout-loglevel = OFF";

    /// <summary>The rolling file's path pattern (Serilog inserts the date before the extension).</summary>
    public static string FileFor(DatabaseLocation database) =>
        Path.Combine(database.IsSqlite ? Path.GetDirectoryName(Path.GetFullPath(database.Display))! : Environment.CurrentDirectory, "actortune-run-.log");

    /// <summary>The host's logging: Akka's warnings and errors (and the sweep's) to <paramref name="file"/>, none to the console.</summary>
    public static Action<HostApplicationBuilder> ToFile(string file) => builder => builder.Services.AddSerilog(log => log
        .MinimumLevel.Warning()
        .WriteTo.File(file, rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14,
            outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} {Level:u3} {SourceContext} {Message:lj}{NewLine}{Exception}"));

    /// <summary>Extra HOCON for a host whose output is a live view: <paramref name="hocon"/> and the quiet console logger.</summary>
    public static string Hocon(string? hocon) => string.IsNullOrEmpty(hocon) ? QuietConsoleHocon : hocon + "\n" + QuietConsoleHocon;
}
