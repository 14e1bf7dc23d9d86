using ActorTune.Actors.Persistence;
using ActorTune.Actors.Storage;
using ActorTune.Tests.Shared;
using LinqToDB;

namespace ActorTune.Actors.Tests;

/// <summary>One process per sweep: the lease table, on SQLite and on PostgreSQL.</summary>
public abstract class LeaseStoreTests
{
    private readonly SqlStorage _storage;
    private readonly LeaseStore _leases;

    protected LeaseStoreTests(string? database, string? unavailable)
    {
        Unavailable = unavailable;
        var location = DatabaseLocation.Parse(database ?? TestSweeps.TempDatabase());
        location.Prepare();
        _storage = new SqlStorage(location);
        _leases = new LeaseStore(_storage);
    }

    private string? Unavailable { get; }

    private const string Other = "elsewhere/4242/1";

    [SkippableFact]
    public void A_live_lease_refuses_a_second_owner_until_released()
    {
        Skip.If(Unavailable is not null, Unavailable);
        Assert.Null(_leases.TryAcquire("s", LeaseStore.ThisProcess));
        Assert.Null(_leases.TryAcquire("s", LeaseStore.ThisProcess)); // the owner may take it again
        var holder = _leases.TryAcquire("s", Other);
        Assert.NotNull(holder);
        Assert.Equal(LeaseStore.ThisProcess, holder.Owner);
        Assert.Contains($"process {Environment.ProcessId}", holder.Describe());
        Assert.True(_leases.Renew("s", LeaseStore.ThisProcess));
        Assert.False(_leases.Renew("s", Other));
        Assert.NotNull(_leases.Current("s"));
        _leases.Release("s", LeaseStore.ThisProcess);
        Assert.Null(_leases.Current("s"));
        Assert.Null(_leases.TryAcquire("s", Other));
    }

    [SkippableFact]
    public void An_expired_lease_is_taken_over_and_its_old_owner_cannot_renew()
    {
        Skip.If(Unavailable is not null, Unavailable);
        Assert.Null(_leases.TryAcquire("e", Other));
        using (var db = _storage.Open())
        {
            db.GetTable<LeaseRow>().Where(l => l.Sweep == "e").Set(l => l.ExpiresMs, SqlStorage.NowMs() - 1).Update();
        }
        Assert.Null(_leases.Current("e"));
        Assert.Null(_leases.TryAcquire("e", LeaseStore.ThisProcess));
        Assert.False(_leases.Renew("e", Other));
    }

    [SkippableFact]
    public void A_lease_of_a_dead_process_on_this_host_is_taken_at_once()
    {
        Skip.If(Unavailable is not null, Unavailable);
        var dead = LeaseStore.OwnerOf(Environment.MachineName, int.MaxValue - 7, DateTime.UtcNow);
        Assert.True(LeaseStore.IsDeadOnThisHost(dead));
        Assert.False(LeaseStore.IsDeadOnThisHost(LeaseStore.ThisProcess));
        Assert.False(LeaseStore.IsDeadOnThisHost(Other)); // another host: only expiry can tell
        Assert.Null(_leases.TryAcquire("d", dead));
        Assert.Null(_leases.Current("d"));
        Assert.Null(_leases.TryAcquire("d", LeaseStore.ThisProcess));
    }
}

public sealed class SqliteLeaseStoreTests() : LeaseStoreTests(null, null);

[Collection(PostgresCollection.Name)]
public sealed class PostgresLeaseStoreTests(PostgresServer server)
    : LeaseStoreTests(server.Available ? server.CreateDatabase() : null, server.Unavailable);
