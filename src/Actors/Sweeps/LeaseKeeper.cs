using ActorTune.Actors.Storage;
using Akka.Actor;
using Akka.Event;

namespace ActorTune.Actors.Sweeps;

/// <summary>
/// Renews the sweep's lease while the sweep runs and releases it when stopped. If the lease was taken by
/// someone else (this process stalled past its expiry), it tells its parent, the <see cref="SweepSession"/>, which stops the sweep.
/// </summary>
public sealed class LeaseKeeper : ReceiveActor, IWithTimers
{
    private readonly string _sweep;
    private readonly string _owner;
    private readonly LeaseStore _leases;
    private readonly ILoggingAdapter _log = Context.GetLogger();

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
        Akka.Actor.Props.Create(() => new LeaseKeeper(sweep, owner, leases)).WithDispatcher(TrialStorageWriter.Dispatcher);

    protected override void PreStart() =>
        Timers.StartPeriodicTimer("renew", Renew.Instance, LeaseStore.TimeToLive / 3);

    protected override void PostStop()
    {
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

/// <summary>Another process holds the sweep's lease now: this one must stop.</summary>
public sealed record LeaseLost(string Sweep);
