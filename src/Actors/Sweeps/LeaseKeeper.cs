using ActorTune.Actors.Storage;
using Akka.Actor;
using Akka.Event;

namespace ActorTune.Actors.Sweeps;

/// <summary>
/// Takes the sweep's lease, renews it while the sweep runs and releases it when stopped — all on the storage dispatcher,
/// so its parent, the <see cref="SweepSession"/>, never waits on the database: it hears <see cref="LeaseTaken"/> or
/// <see cref="LeaseRefused"/> (then this keeper stops). If the lease was taken by someone else later (this process
/// stalled past its expiry), it tells its parent <see cref="LeaseLost"/>, which stops the sweep.
/// </summary>
public sealed class LeaseKeeper : ReceiveActor, IWithTimers
{
    private readonly string _sweep;
    private readonly string _owner;
    private readonly LeaseStore _leases;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private bool _held;

    public LeaseKeeper(string sweep, string owner, LeaseStore leases)
    {
        _sweep = sweep;
        _owner = owner;
        _leases = leases;
        Receive<Renew>(_ =>
        {
            try
            {
                if (!_leases.Renew(_sweep, _owner))
                {
                    Context.Parent.Tell(new LeaseLost(_sweep));
                }
            }
            catch (Exception e)
            {
                _log.Warning("could not renew the lease of {0}: {1}", _sweep, e.Message);
            }
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string sweep, string owner, LeaseStore leases) =>
        Akka.Actor.Props.Create(() => new LeaseKeeper(sweep, owner, leases)).WithDispatcher(TrialStorage.Dispatcher);

    protected override void PreStart()
    {
        LeaseStore.Holder? holder;
        try
        {
            holder = _leases.TryAcquire(_sweep, _owner);
        }
        catch (Exception e)
        {
            Context.Parent.Tell(new LeaseRefused(null, e.Message));
            Context.Stop(Self);
            return;
        }
        if (holder is not null)
        {
            Context.Parent.Tell(new LeaseRefused(holder, null));
            Context.Stop(Self);
            return;
        }
        _held = true;
        Context.Parent.Tell(new LeaseTaken());
        Timers.StartPeriodicTimer("renew", Renew.Instance, LeaseStore.TimeToLive / 3);
    }

    protected override void PostStop()
    {
        if (!_held)
        {
            return;
        }
        try
        {
            _leases.Release(_sweep, _owner);
        }
        catch (Exception e)
        {
            _log.Warning("could not release the lease of {0}: {1}", _sweep, e.Message);
        }
    }

    private sealed class Renew
    {
        public static readonly Renew Instance = new();
    }
}

/// <summary>This process holds the sweep's lease now.</summary>
public sealed record LeaseTaken;

/// <summary>Another process holds the sweep's lease (<paramref name="Holder"/>), or the database could not be asked (<paramref name="Problem"/>).</summary>
public sealed record LeaseRefused(LeaseStore.Holder? Holder, string? Problem);

/// <summary>Another process holds the sweep's lease now: this one must stop.</summary>
public sealed record LeaseLost(string Sweep);
