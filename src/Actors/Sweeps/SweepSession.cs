using ActorTune.Actors.Messages;
using ActorTune.Actors.Storage;
using Akka.Actor;

namespace ActorTune.Actors.Sweeps;

/// <summary>
/// Holds a sweep's lease while its supervisor runs. The lease is taken before the supervisor is created, so
/// the supervisor recovers only after any previous owner has stopped writing: it always sees the whole log.
/// A refused lease is answered with <see cref="SweepRejected"/>; a lost one stops the supervisor.
/// </summary>
public sealed class SweepSession : ReceiveActor
{
    private readonly string _name;
    private readonly string _node;
    private readonly LeaseStore _leases;
    private IActorRef _supervisor = ActorRefs.Nobody;
    private IActorRef _observer = ActorRefs.Nobody;

    public SweepSession(string name, string node)
    {
        _name = name;
        _node = node;
        _leases = ActorTuneStorage.Get(Context.System).Leases;
        Receive<StartSweep>(Start);
        Receive<StopSweep>(stop => _supervisor.Forward(stop));
        Receive<Intervene>(intervene => _supervisor.Forward(intervene));
        Receive<LeaseLost>(_ =>
        {
            _observer.Tell(new SweepRejected($"another process took over sweep '{_name}' (this one stopped renewing its lease in time)", false));
            Context.Stop(Self);
        });
        Receive<Terminated>(t => t.ActorRef.Equals(_supervisor), _ => Context.Stop(Self));
    }

    public static Props Props(string name, string node) => Akka.Actor.Props.Create(() => new SweepSession(name, node));

    private void Start(StartSweep command)
    {
        if (!_supervisor.IsNobody())
        {
            _supervisor.Forward(command);
            return;
        }
        if (_leases.TryAcquire(_name, LeaseStore.ThisProcess) is { } holder)
        {
            Sender.Tell(new SweepRejected($"sweep '{_name}' is running in {holder.Describe()}; it can be resumed once that process stops", false));
            Context.Stop(Self);
            return;
        }
        _observer = command.Observer;
        Context.ActorOf(LeaseKeeper.Props(_name, LeaseStore.ThisProcess, _leases), "lease");
        _supervisor = Context.ActorOf(SweepSupervisor.Props(_name, _node), "supervisor");
        Context.Watch(_supervisor);
        _supervisor.Forward(command);
    }
}
