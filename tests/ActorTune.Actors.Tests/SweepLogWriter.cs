using ActorTune.Actors.Sweeps;
using ActorTune.Model.Events;
using ActorTune.Model.State;
using Akka;
using Akka.Actor;
using Akka.Persistence;

namespace ActorTune.Actors.Tests;

/// <summary>
/// Writes a sweep's log by hand, under the sweep's own persistence id, as a supervisor would: an array of events is
/// persisted and answered with <see cref="Done"/> once durable; a state is saved as a snapshot and answered the same.
/// For tests that need a log of an exact shape (a golden database, a projection to catch up).
/// </summary>
internal sealed class SweepLogWriter : ReceivePersistentActor
{
    private readonly string _sweep;
    private IActorRef _replyTo = ActorRefs.Nobody;

    public SweepLogWriter(string sweep)
    {
        _sweep = sweep;
        Recover<object>(_ => { });
        Command<SweepEvent[]>(events =>
        {
            var sender = Sender;
            PersistAll(events, _ => { });
            DeferAsync(Done.Instance, done => sender.Tell(done));
        });
        Command<SweepState>(state =>
        {
            _replyTo = Sender;
            SaveSnapshot(state);
        });
        Command<SaveSnapshotSuccess>(_ => _replyTo.Tell(Done.Instance));
    }

    public override string PersistenceId => SweepSupervisor.PersistenceIdFor(_sweep);

    public static Props Props(string sweep) => Akka.Actor.Props.Create(() => new SweepLogWriter(sweep));
}
