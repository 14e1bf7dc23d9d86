using System.Diagnostics;
using Npgsql;

namespace ActorTune.Tests.Shared;

/// <summary>
/// A real PostgreSQL for the persistence tests: the server named by ACTORTUNE_TEST_POSTGRES
/// (postgres://user@host:port/db) if set, else a throw-away cluster this fixture initdb's and starts on a free
/// loopback port with the machine's PostgreSQL binaries (as the postgres user when running as root), and stops
/// at the end. Where there are no binaries the PostgreSQL tests are skipped with that reason.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private readonly string? _directory;
    private readonly string? _binaries;
    private readonly string _host = "127.0.0.1";
    private readonly int _port;
    private readonly string _user = "postgres";

    public PostgresServer()
    {
        var configured = Environment.GetEnvironmentVariable("ACTORTUNE_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var uri = new Uri(configured);
            _host = uri.Host;
            _port = uri.Port;
            _user = uri.UserInfo.Split(':')[0];
            Available = true;
            return;
        }
        _binaries = FindBinaries();
        if (_binaries is null)
        {
            Unavailable = "no PostgreSQL server binaries (/usr/lib/postgresql/*/bin/initdb): PostgreSQL tests skipped";
            return;
        }
        _port = LoopbackPort.Free();
        _directory = Directory.CreateTempSubdirectory("actortune-pg-").FullName;
        try
        {
            var asRoot = Environment.UserName == "root";
            if (asRoot)
            {
                Run("chown", "postgres:postgres", _directory);
            }
            var data = Path.Combine(_directory, "data");
            RunAs(asRoot, Path.Combine(_binaries, "initdb"), "-D", data, "-A", "trust", "-U", _user, "--no-sync");
            RunAs(asRoot, Path.Combine(_binaries, "pg_ctl"), "-D", data, "-l", Path.Combine(_directory, "log"), "-w", "-t", "60",
                "-o", $"-p {_port} -k {_directory} -c listen_addresses={_host} -c max_connections=200", "start");
            Available = true;
        }
        catch (Exception e)
        {
            Unavailable = $"could not start PostgreSQL from {_binaries}: {e.Message}";
        }
    }

    public bool Available { get; }

    public string? Unavailable { get; }

    /// <summary>A new, empty database; returns its postgres:// address.</summary>
    public string CreateDatabase()
    {
        var name = $"t_{Guid.NewGuid():N}";
        using var connection = new NpgsqlConnection($"Host={_host};Port={_port};Username={_user};Database=postgres");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE {name}";
        command.ExecuteNonQuery();
        return $"postgres://{_user}@{_host}:{_port}/{name}";
    }

    public void Dispose()
    {
        if (_directory is null || _binaries is null)
        {
            return;
        }
        try
        {
            RunAs(Environment.UserName == "root", Path.Combine(_binaries, "pg_ctl"), "-D", Path.Combine(_directory, "data"), "-m", "immediate", "stop");
        }
        catch (Exception)
        {
            // Already gone; the directory is removed either way.
        }
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The newest PostgreSQL server binaries directory of the machine, or null.</summary>
    public static string? FindBinaries() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
                .OrderByDescending(d => d, StringComparer.Ordinal)
                .FirstOrDefault()
            : null;

    // initdb refuses to run as root: as root, the server's own tools run as the postgres user.
    public static void RunAs(bool asRoot, string program, params string[] args)
    {
        if (asRoot)
        {
            Run("runuser", ["-u", "postgres", "--", program, .. args]);
        }
        else
        {
            Run(program, args);
        }
    }

    public static void Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(90_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} exited {process.ExitCode}: {error.Result}{output.Result}");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
