using ActorTune.Model.Events;
using ActorTune.Model.State;
using Akka.Actor;
using Akka.Persistence;

namespace ActorTune.Actors.Sweeps;

/// <summary>
/// Reads a sweep's state from the log without taking part in it: recovers (snapshot, then events) under the
/// sweep's persistence id, replies with the state and stops. It never writes, so it is safe beside a running sweep.
/// </summary>
public sealed class SweepReader : ReceivePersistentActor
{
    private readonly string _name;
    private readonly IActorRef _replyTo;
    private SweepState _state = SweepState.Empty;

    public SweepReader(string name, IActorRef replyTo)
    {
        _name = name;
        _replyTo = replyTo;
        Recover<SnapshotOffer>(offer => _state = ((SweepState)offer.Snapshot).Reindexed());
        Recover<SweepEvent>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ =>
        {
            _replyTo.Tell(new SweepRead(_name, _state, LastSequenceNr));
            Context.Stop(Self);
        });
    }

    public override string PersistenceId => SweepSupervisor.PersistenceIdFor(_name);

    public static Props Props(string name, IActorRef replyTo) => Akka.Actor.Props.Create(() => new SweepReader(name, replyTo));

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        _replyTo.Tell(new Status.Failure(reason));
        base.OnRecoveryFailure(reason, message);
    }
}

/// <summary>
/// A sweep's state as its log tells it (<see cref="SweepState.Empty"/> when there is no such sweep), folded up to the
/// journal's event <paramref name="SequenceNr"/>.
/// </summary>
public sealed record SweepRead(string Name, SweepState State, long SequenceNr = 0);
