using System.Runtime.Versioning;
using ActorTune.Actors.Sweeps;
using ActorTune.Tests.Shared;

namespace ActorTune.Host.Tests;

/// <summary>
/// <c>show --json</c> through the state projection prints what a recovery through the actor system prints
/// (ACTORTUNE_REPLAY=1), when it builds the projection and when it reads it, on SQLite and PostgreSQL; and a database
/// it may not write to is shown all the same.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ShowProjectionTests(PostgresServer postgres) : IDisposable
{
    private readonly Workspace _work = new();

    public void Dispose() => _work.Dispose();

    private async Task<string> ShowAsync(string db, bool replay = false)
    {
        var environment = replay ? new Dictionary<string, string> { [SweepSummaries.ReplayVariable] = "1" } : null;
        var show = await ActorTuneProcess.RunWithAsync(_work.Directory, environment, "show", "shown", "--db", db, "--json");
        Assert.True(show.Exit == 0, show.Out + show.Err);
        return show.Out;
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Show_from_the_projection_prints_what_a_replay_prints_and_reads_a_read_only_database(string backend)
    {
        Skip.If(backend == "postgres" && !postgres.Available, postgres.Unavailable);
        var db = backend == "sqlite" ? Path.Combine(_work.Directory, "show.db") : postgres.CreateDatabase();
        var file = _work.Sweep("shown", """
              seed = 5
              model = synthetic
              epochs = 3
              trials = 6
              concurrency = 2
              space {
                learning-rate { scale = log, min = 1e-4, max = 1 }
                batch-size { values = [16, 64] }
              }
            """);
        var run = await ActorTuneProcess.RunAsync(_work.Directory, "run", file, "--db", db);
        Assert.True(run.Exit == 0, run.Out + run.Err);
        string? readOnly = null;
        if (backend == "sqlite" && !OperatingSystem.IsWindows())
        {
            // A copy taken before any projection exists, that the reader cannot add one to (a root user can still
            // write it: the actor test opens one in SQLite's read-only mode as well).
            var directory = Directory.CreateDirectory(Path.Combine(_work.Directory, "read-only")).FullName;
            readOnly = Path.Combine(directory, "show.db");
            File.Copy(db, readOnly);
            MakeReadOnly(readOnly, writable: false);
        }

        var replayed = await ShowAsync(db, replay: true);
        Assert.Contains("\"status\": \"completed\"", replayed);
        Assert.Equal(replayed, await ShowAsync(db));
        Assert.Equal(replayed, await ShowAsync(db));
        if (readOnly is not null && !OperatingSystem.IsWindows())
        {
            Assert.Equal(replayed, await ShowAsync(readOnly));
            // Writable again, so that the workspace can be deleted.
            MakeReadOnly(readOnly, writable: true);
        }
    }

    [UnsupportedOSPlatform("windows")]
    private static void MakeReadOnly(string file, bool writable)
    {
        var write = writable ? UnixFileMode.UserWrite : UnixFileMode.None;
        File.SetUnixFileMode(Path.GetDirectoryName(file)!, UnixFileMode.UserRead | UnixFileMode.UserExecute | write);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | write);
    }
}
