using ActorTune.Model.State;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace ActorTune.Actors.Sweeps;

/// <summary>Reads sweeps out of the database: the names it holds, and any one sweep's state.</summary>
public sealed class SweepStore
{
    private const string Prefix = "sweep-";
    private readonly ActorSystem _system;

    public SweepStore(ActorSystem system)
    {
        _system = system;
    }

    public async Task<IReadOnlyList<string>> NamesAsync(CancellationToken cancellation = default)
    {
        var journal = PersistenceQuery.Get(_system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var ids = await journal.CurrentPersistenceIds()
            .Where(id => id.StartsWith(Prefix, StringComparison.Ordinal))
            .RunWith(Sink.Seq<string>(), _system.Materializer());
        return ids.Select(id => id[Prefix.Length..]).Distinct().Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>True while a process holds the sweep's lease: it is running now, not merely unfinished.</summary>
    public bool IsRunning(string name) => Storage.ActorTuneStorage.Get(_system).Leases.Current(name) is not null;

    /// <summary>
    /// How a user should read the sweep's status: completed, failed (every trial failed), cancelled, paused, running
    /// (a live process has it) or interrupted (nobody runs it; `resume` continues it).
    /// </summary>
    public string StatusOf(string name, SweepState state) =>
        state.Status.IsFinal() || state.Status == SweepStatus.Paused ? state.Status.ToName()
        : IsRunning(name) ? "running" : "interrupted";

    public async Task<SweepState> LoadAsync(string name, TimeSpan? timeout = null)
    {
        var read = await ReadAsync(name, timeout ?? TimeSpan.FromMinutes(2));
        return read.State;
    }

    /// <summary>
    /// The sweep's full state and the sequence number of the last event folded into it: from the state projection with
    /// the journal's later events folded in (<see cref="SweepStates"/>), on the thread pool. Never from the running
    /// supervisor's snapshots, which are lean.
    /// </summary>
    public Task<SweepRead> ReadAsync(string name, TimeSpan timeout)
    {
        var database = Storage.ActorTuneStorage.Get(_system).Database;
        return Task.Run(() => SweepStates.Read(database, name)).WaitAsync(timeout);
    }
}
