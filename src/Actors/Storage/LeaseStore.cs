using System.Diagnostics;
using System.Globalization;
using ActorTune.Actors.Persistence;
using LinqToDB;

namespace ActorTune.Actors.Storage;

/// <summary>
/// One process runs a sweep at a time: a lease row names the owner and expires unless renewed. A second
/// <c>run</c>/<c>resume</c> of a live sweep is refused; a lease whose owner died (on this host: its process is
/// gone; elsewhere: it stopped renewing) is taken over.
/// </summary>
public sealed class LeaseStore
{
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(15);

    private readonly SqlStorage _storage;

    public LeaseStore(SqlStorage storage)
    {
        _storage = storage;
    }

    /// <summary>This process, as a lease owner: host/pid/start time (the start time tells a reused pid apart).</summary>
    public static string ThisProcess { get; } = OwnerOf(Environment.MachineName, Environment.ProcessId, Process.GetCurrentProcess().StartTime);

    public sealed record Holder(string Owner, DateTimeOffset Expires)
    {
        public string Describe()
        {
            var parts = Owner.Split('/');
            return parts.Length == 3 ? $"process {parts[1]} on {parts[0]} (lease until {Expires:HH:mm:ss} UTC)" : Owner;
        }
    }

    /// <summary>Takes the lease; returns null on success, else who holds it.</summary>
    public Holder? TryAcquire(string sweep, string owner)
    {
        using var db = _storage.Open();
        var now = SqlStorage.NowMs();
        var expires = now + (long)TimeToLive.TotalMilliseconds;
        var taken = db.GetTable<LeaseRow>().Where(l => l.Sweep == sweep && (l.Owner == owner || l.ExpiresMs < now))
            .Set(l => l.Owner, owner).Set(l => l.ExpiresMs, expires).Update();
        if (taken == 1)
        {
            return null;
        }
        var current = db.GetTable<LeaseRow>().FirstOrDefault(l => l.Sweep == sweep);
        if (current is null)
        {
            try
            {
                db.Insert(new LeaseRow { Sweep = sweep, Owner = owner, ExpiresMs = expires });
                return null;
            }
            catch (Exception)
            {
                // Another process inserted first: it holds the lease.
                current = db.GetTable<LeaseRow>().FirstOrDefault(l => l.Sweep == sweep);
                if (current is null)
                {
                    throw;
                }
            }
        }
        if (IsDeadOnThisHost(current.Owner))
        {
            var stale = current.Owner;
            var takenOver = db.GetTable<LeaseRow>().Where(l => l.Sweep == sweep && l.Owner == stale)
                .Set(l => l.Owner, owner).Set(l => l.ExpiresMs, expires).Update();
            if (takenOver == 1)
            {
                return null;
            }
            current = db.GetTable<LeaseRow>().First(l => l.Sweep == sweep);
        }
        return new Holder(current.Owner, DateTimeOffset.FromUnixTimeMilliseconds(current.ExpiresMs));
    }

    /// <summary>Extends the lease; false if another owner has it now (this process was given up on).</summary>
    public bool Renew(string sweep, string owner)
    {
        using var db = _storage.Open();
        var expires = SqlStorage.NowMs() + (long)TimeToLive.TotalMilliseconds;
        return db.GetTable<LeaseRow>().Where(l => l.Sweep == sweep && l.Owner == owner).Set(l => l.ExpiresMs, expires).Update() == 1;
    }

    /// <summary>Who runs the sweep now, or null if nobody does (no lease, an expired one, or a dead owner's).</summary>
    public Holder? Current(string sweep)
    {
        using var db = _storage.Open();
        var now = SqlStorage.NowMs();
        var row = db.GetTable<LeaseRow>().FirstOrDefault(l => l.Sweep == sweep && l.ExpiresMs >= now);
        return row is null || IsDeadOnThisHost(row.Owner) ? null : new Holder(row.Owner, DateTimeOffset.FromUnixTimeMilliseconds(row.ExpiresMs));
    }

    /// <summary>
    /// The sweeps some live process runs now, read with plain SQL in one query and without creating the table: for
    /// the readers (<c>list</c>, <c>show</c>) that must start fast and work on a database they cannot write.
    /// </summary>
    public static IReadOnlySet<string> RunningNow(DatabaseLocation database)
    {
        var running = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            using var connection = new SweepLogSql(database).Connect();
            using var command = SweepLogSql.Command(connection,
                "select sweep, owner from actortune_leases where expires_ms >= @now", ("now", SqlStorage.NowMs()));
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                if (!IsDeadOnThisHost(reader.GetString(1)))
                {
                    running.Add(reader.GetString(0));
                }
            }
        }
        catch (System.Data.Common.DbException)
        {
            // No lease table: nobody has run a sweep here.
        }
        return running;
    }

    public void Release(string sweep, string owner)
    {
        using var db = _storage.Open();
        db.GetTable<LeaseRow>().Where(l => l.Sweep == sweep && l.Owner == owner).Delete();
    }

    public static string OwnerOf(string host, int pid, DateTime started) =>
        $"{host}/{pid.ToString(CultureInfo.InvariantCulture)}/{started.ToUniversalTime().Ticks.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>True when the owner is a process of this host that no longer runs (killed, crashed).</summary>
    public static bool IsDeadOnThisHost(string owner)
    {
        var parts = owner.Split('/');
        if (parts.Length != 3 || parts[0] != Environment.MachineName || !int.TryParse(parts[1], out var pid) ||
            !long.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var startedTicks))
        {
            return false;
        }
        try
        {
            using var process = Process.GetProcessById(pid);
            // The same pid with another start time is a new process that reused the number. Linux derives the
            // start time from the boot time, which two readings can place a few milliseconds apart: allow 2 s.
            var started = process.StartTime.ToUniversalTime().Ticks;
            return Math.Abs(started - startedTicks) > TimeSpan.TicksPerSecond * 2;
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }
}
