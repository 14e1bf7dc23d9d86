using ActorTune.Actors.Persistence;
using ActorTune.Actors.Storage;
using ActorTune.Actors.Sweeps;
using ActorTune.Tests.Shared;
using LinqToDB;
using LinqToDB.Data;

namespace ActorTune.Host.Tests;

/// <summary>
/// <c>list</c> reads the summary projection (a table beside the journal) when it is current, rebuilds a summary whose
/// sweep's log moved on, and rebuilds the whole table when it is dropped; its output always equals a full replay's
/// (ACTORTUNE_REPLAY=1), on SQLite and on PostgreSQL.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ListProjectionTests(PostgresServer postgres) : IDisposable
{
    private readonly Workspace _work = new();

    public void Dispose() => _work.Dispose();

    private string Sweep(string name, int trials) => _work.Sweep(name, $$"""
          seed = 3
          model = synthetic
          epochs = 2
          trials = {{trials}}
          concurrency = 2
          space {
            learning-rate { scale = log, min = 1e-4, max = 1 }
          }
        """);

    private async Task<string> ListAsync(string db, bool replay = false)
    {
        var environment = replay ? new Dictionary<string, string> { [SweepSummaries.ReplayVariable] = "1" } : null;
        var list = await ActorTuneProcess.RunWithAsync(_work.Directory, environment, "list", "--db", db);
        Assert.True(list.Exit == 0, list.Out + list.Err);
        return list.Out;
    }

    private static DataConnection Open(string db) => new(new DataOptions().UseConnectionString(
        DatabaseLocation.Parse(db).ProviderName, DatabaseLocation.Parse(db).ConnectionString));

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task List_reads_current_summaries_rebuilds_lagging_or_dropped_ones_and_equals_a_replay(string backend)
    {
        Skip.If(backend == "postgres" && !postgres.Available, postgres.Unavailable);
        var db = backend == "sqlite" ? Path.Combine(_work.Directory, "list.db") : postgres.CreateDatabase();
        foreach (var (name, trials) in new[] { ("list-a", 4), ("list-b", 3) })
        {
            var run = await ActorTuneProcess.RunAsync(_work.Directory, "run", Sweep(name, trials), "--db", db);
            Assert.True(run.Exit == 0, run.Out + run.Err);
        }
        var replayed = await ListAsync(db, replay: true);
        Assert.Contains("list-a", replayed);
        Assert.Contains("4/4", replayed);

        // The first list builds the summaries, each current to its sweep's newest event.
        Assert.Equal(replayed, await ListAsync(db));
        using (var connection = Open(db))
        {
            var heads = connection.GetTable<JournalHeadRow>().GroupBy(r => r.PersistenceId)
                .Select(g => new { Id = g.Key, Head = g.Max(r => r.SequenceNumber) }).ToList();
            var rows = connection.GetTable<SweepSummaryRow>().ToList();
            Assert.Equal(2, rows.Count);
            Assert.All(rows, row => Assert.Equal(heads.Single(h => h.Id == $"sweep-{row.Sweep}").Head, row.SequenceNr));
            // A current summary is what list shows: no replay behind it.
            connection.GetTable<SweepSummaryRow>().Where(r => r.Sweep == "list-a").Set(r => r.Finished, 99).Update();
        }
        Assert.Contains("99/4", await ListAsync(db));

        // A summary behind its log (the sweep moved on since) is rebuilt from the log and saved back.
        long head;
        using (var connection = Open(db))
        {
            head = connection.GetTable<SweepSummaryRow>().Single(r => r.Sweep == "list-a").SequenceNr;
            connection.GetTable<SweepSummaryRow>().Where(r => r.Sweep == "list-a").Set(r => r.SequenceNr, 1L).Update();
        }
        Assert.Equal(replayed, await ListAsync(db));
        using (var connection = Open(db))
        {
            var row = connection.GetTable<SweepSummaryRow>().Single(r => r.Sweep == "list-a");
            Assert.Equal((head, 4), (row.SequenceNr, row.Finished));
            // The table is only a cache: dropped, the next list rebuilds it.
            connection.DropTable<SweepSummaryRow>();
        }
        Assert.Equal(replayed, await ListAsync(db));
        using (var connection = Open(db))
        {
            Assert.Equal(2, connection.GetTable<SweepSummaryRow>().Count());
        }
    }
}
