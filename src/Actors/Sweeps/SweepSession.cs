using ActorTune.Actors.Messages;
using ActorTune.Actors.Storage;
using Akka.Actor;

namespace ActorTune.Actors.Sweeps;

/// <summary>
/// Holds a sweep's lease while its supervisor runs. The lease is taken before the supervisor is created, so
/// the supervisor recovers only after any previous owner has stopped writing: it always sees the whole log.
/// A refused lease is answered with <see cref="SweepRejected"/> — after waiting out the old owner's lease when
/// the start says <see cref="StartSweep.ResumeIfExists"/> (a cluster singleton taking over from a lost node);
/// a lost lease stops the supervisor.
/// </summary>
public sealed class SweepSession : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(2);

    private readonly string _name;
    private readonly LeaseStore _leases;
    private readonly HashSet<IActorRef> _observers = [];
    private IActorRef _supervisor = ActorRefs.Nobody;

    private readonly StartSweep? _autoStart;

    /// <param name="autoStart">
    /// Started at once, answering <paramref name="observer"/>: a cluster's coordinator singleton starts this way on
    /// whichever coordinator node it runs (first or after a hand-over), with that node's own observer.
    /// </param>
    public SweepSession(string name, StartSweep? autoStart = null, IActorRef? observer = null)
    {
        _name = name;
        _autoStart = autoStart;
        if (observer is not null)
        {
            _observers.Add(observer);
        }
        _leases = ActorTuneStorage.Get(Context.System).Leases;
        Receive<ObserveSweep>(observe =>
        {
            _observers.Add(Sender);
            if (!_supervisor.IsNobody())
            {
                _supervisor.Forward(observe);
            }
        });
        Receive<StartSweep>(start => Start(start, Sender, DateTime.UtcNow + LeaseStore.TimeToLive + RetryEvery * 2));
        Receive<RetryStart>(retry => Start(retry.Command, retry.ReplyTo, retry.Deadline));
        Receive<StopSweep>(stop => _supervisor.Forward(stop));
        Receive<Intervene>(intervene => _supervisor.Forward(intervene));
        Receive<ControlSweep>(control => _supervisor.Forward(control));
        Receive<LeaseLost>(_ =>
        {
            foreach (var observer in _observers)
            {
                observer.Tell(new SweepRejected($"another process took over sweep '{_name}' (this one stopped renewing its lease in time)", false));
            }
            Context.Stop(Self);
        });
        Receive<Terminated>(t => t.ActorRef.Equals(_supervisor), _ => Context.Stop(Self));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string name, StartSweep? autoStart = null, IActorRef? observer = null) =>
        Akka.Actor.Props.Create(() => new SweepSession(name, autoStart, observer));

    protected override void PreStart()
    {
        if (_autoStart is not null)
        {
            Self.Tell(_autoStart, _observers.FirstOrDefault() ?? ActorRefs.NoSender);
        }
    }

    private void Start(StartSweep command, IActorRef replyTo, DateTime deadline)
    {
        if (!_supervisor.IsNobody())
        {
            _supervisor.Tell(command, replyTo);
            return;
        }
        if (_leases.TryAcquire(_name, LeaseStore.ThisProcess) is { } holder)
        {
            if (command.ResumeIfExists && DateTime.UtcNow < deadline)
            {
                Timers.StartSingleTimer("retry", new RetryStart(command, replyTo, deadline), RetryEvery);
                return;
            }
            replyTo.Tell(new SweepRejected($"sweep '{_name}' is running in {holder.Describe()}; it can be resumed once that process stops", false));
            Context.Stop(Self);
            return;
        }
        Context.ActorOf(LeaseKeeper.Props(_name, LeaseStore.ThisProcess, _leases), "lease");
        _supervisor = Context.ActorOf(SweepSupervisor.Props(_name), "supervisor");
        Context.Watch(_supervisor);
        foreach (var observer in _observers)
        {
            _supervisor.Tell(new ObserveSweep(), observer);
        }
        _supervisor.Tell(command, replyTo);
    }

    private sealed record RetryStart(StartSweep Command, IActorRef ReplyTo, DateTime Deadline);
}
