using ActorTune.Actors.Messages;
using ActorTune.Actors.Storage;
using Akka.Actor;

namespace ActorTune.Actors.Sweeps;

/// <summary>
/// Holds a sweep's lease while its supervisor runs. The lease is taken before the supervisor is created, so
/// the supervisor recovers only after any previous owner has stopped writing: it always sees the whole log. The lease
/// is asked for by its <see cref="LeaseKeeper"/> on the storage dispatcher; meanwhile this actor only stashes.
/// A refused lease is answered with <see cref="SweepRejected"/> — after waiting out the old owner's lease when
/// the start says <see cref="StartSweep.ResumeIfExists"/> (a cluster singleton taking over from a lost node);
/// a lost lease stops the supervisor.
/// </summary>
public sealed class SweepSession : ReceiveActor, IWithTimers, IWithUnboundedStash
{
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(2);

    private readonly string _name;
    private readonly LeaseStore _leases;
    private readonly HashSet<IActorRef> _observers = [];
    private IActorRef _supervisor = ActorRefs.Nobody;
    private int _attempts;

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
        Idle();
    }

    /// <summary>No supervisor yet: a start asks for the lease.</summary>
    private void Idle()
    {
        Observing();
        Receive<StartSweep>(start => Start(start, Sender, DateTime.UtcNow + LeaseStore.TimeToLive + RetryEvery * 2));
        Receive<RetryStart>(retry => Start(retry.Command, retry.ReplyTo, retry.Deadline));
    }

    /// <summary>The lease keeper is asking the database; whatever else comes waits for its answer.</summary>
    private void Acquiring(StartSweep command, IActorRef replyTo, DateTime deadline)
    {
        Observing();
        Receive<LeaseTaken>(_ =>
        {
            Stash.UnstashAll();
            _supervisor = Context.ActorOf(SweepSupervisor.Props(_name), "supervisor");
            Context.Watch(_supervisor);
            foreach (var observer in _observers)
            {
                _supervisor.Tell(new ObserveSweep(), observer);
            }
            _supervisor.Tell(command, replyTo);
            Become(Running);
        });
        Receive<LeaseRefused>(refused =>
        {
            Stash.UnstashAll();
            if (refused.Holder is { } holder && command.ResumeIfExists && DateTime.UtcNow < deadline)
            {
                Timers.StartSingleTimer("retry", new RetryStart(command, replyTo, deadline), RetryEvery);
                Become(Idle);
                return;
            }
            replyTo.Tell(new SweepRejected(refused.Holder is { } other
                ? $"sweep '{_name}' is running in {other.Describe()}; it can be resumed once that process stops"
                : $"could not take sweep '{_name}''s lease: {refused.Problem}", false));
            Context.Stop(Self);
        });
        ReceiveAny(_ => Stash.Stash());
    }

    /// <summary>The supervisor runs under the lease; commands go to it.</summary>
    private void Running()
    {
        Observing();
        Receive<StartSweep>(start => _supervisor.Forward(start));
        Receive<RetryStart>(retry => _supervisor.Tell(retry.Command, retry.ReplyTo));
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

    private void Observing() =>
        Receive<ObserveSweep>(observe =>
        {
            _observers.Add(Sender);
            if (!_supervisor.IsNobody())
            {
                _supervisor.Forward(observe);
            }
        });

    public ITimerScheduler Timers { get; set; } = null!;

    public IStash Stash { get; set; } = null!;

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
        // A keeper per attempt: a refused one stops on its own, and a retry must not collide with its name.
        Context.ActorOf(LeaseKeeper.Props(_name, LeaseStore.ThisProcess, _leases), $"lease-{++_attempts}");
        Become(() => Acquiring(command, replyTo, deadline));
    }

    private sealed record RetryStart(StartSweep Command, IActorRef ReplyTo, DateTime Deadline);
}
