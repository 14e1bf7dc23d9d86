using ActorTune.Tests.Shared;

namespace ActorTune.Host.Tests;

/// <summary>
/// A throw-away PostgreSQL server inside a network namespace of the rig, listening only on the namespace's address
/// (the "database machine"). Afterwards it can be moved to this machine's loopback, same data directory, so a test
/// can read the journal the nodes wrote. Stopped and deleted on dispose.
/// </summary>
internal sealed class NamespacePostgres(string binaries, string netns, string address) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("actortune-nspg-").FullName;

    private string Data => Path.Combine(_directory, "data");

    /// <summary>Initialises and starts the server in its namespace; returns the address the nodes use.</summary>
    public string Start()
    {
        PostgresServer.Run("chown", "postgres:postgres", _directory);
        PostgresServer.RunAs(true, Path.Combine(binaries, "initdb"), "-D", Data, "-A", "trust", "-U", "postgres", "--no-sync");
        // initdb trusts only loopback; the nodes dial from the rig's other namespaces.
        File.AppendAllText(Path.Combine(Data, "pg_hba.conf"), $"host all all {address[..address.LastIndexOf('.')]}.0/24 trust\n");
        PostgresServer.Run("ip", "netns", "exec", netns, "runuser", "-u", "postgres", "--", Path.Combine(binaries, "pg_ctl"), "-D", Data,
            "-l", Path.Combine(_directory, "log"), "-w", "-t", "60", "-o", $"-p 5432 -k {_directory} -c listen_addresses={address}", "start");
        return $"postgres://postgres@{address}:5432/postgres";
    }

    /// <summary>Stops the server and starts it again on a free loopback port of this machine; returns its address.</summary>
    public string MoveToLoopback()
    {
        Stop("fast");
        var port = LoopbackPort.Free();
        PostgresServer.RunAs(true, Path.Combine(binaries, "pg_ctl"), "-D", Data, "-l", Path.Combine(_directory, "log"), "-w", "-t", "60",
            "-o", $"-p {port} -k {_directory} -c listen_addresses=127.0.0.1", "start");
        return $"postgres://postgres@127.0.0.1:{port}/postgres";
    }

    public void Dispose()
    {
        Stop("immediate");
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Stop(string mode)
    {
        try
        {
            // pg_ctl signals the postmaster by its pid file: it works from any network namespace.
            PostgresServer.RunAs(true, Path.Combine(binaries, "pg_ctl"), "-D", Data, "-m", mode, "-w", "stop");
        }
        catch (InvalidOperationException)
        {
            // Not running (never started, or already stopped).
        }
    }
}
