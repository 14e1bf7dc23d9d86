using ActorTune.Actors.Sweeps;
using ActorTune.Model.Events;
using ActorTune.Model.State;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace ActorTune.Host.Dashboard;

/// <summary>
/// Brings a sweep's state in hand up to date by reading only the events after it: a sweep's log holds nothing but
/// its events (never deleted), so the state's <see cref="SweepState.EventCount"/> is the sequence number it has
/// folded. A running 10,000-trial sweep is then one small query a second instead of a replay of 130,000 events.
/// </summary>
public sealed class SweepTail
{
    private readonly ActorSystem _system;

    public SweepTail(ActorSystem system)
    {
        _system = system;
    }

    /// <summary>The state with every event written since folded in; the very same instance when there is none.</summary>
    public async Task<SweepState> FollowAsync(string name, SweepState known)
    {
        var journal = PersistenceQuery.Get(_system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var events = await journal.CurrentEventsByPersistenceId(SweepSupervisor.PersistenceIdFor(name), known.EventCount + 1, long.MaxValue)
            .Select(envelope => envelope.Event)
            .RunWith(Sink.Seq<object>(), _system.Materializer());
        var state = known;
        foreach (var @event in events)
        {
            state = state.Apply((SweepEvent)@event);
        }
        return state;
    }
}
