using ActorTune.Actors.Messages;
using ActorTune.Actors.Trials;
using Akka.Actor;

namespace ActorTune.Actors.Workers;

/// <summary>
/// Offers this node's trial slots to every sweep that has work (work pulling: a trial is only ever sent to a
/// free slot, so a node never runs more trials than it has slots). Sweeps with work are served round-robin, so
/// sweeps sharing workers share them fairly: when a trial ends, its slot goes to the next sweep in turn.
/// One per node, at <c>/user/worker</c>.
/// </summary>
public sealed class WorkerHost : ReceiveActor
{
    public const string Name = "worker";

    private readonly int _slots;
    private readonly string _node;
    private readonly Dictionary<IActorRef, (IActorRef Sweep, int TrialId, int Attempt)> _running = new();
    private readonly List<IActorRef> _offers = [];
    // Requests sent and not yet answered, per sweep: a sweep that ends before it answers must not keep the slot.
    private readonly Dictionary<IActorRef, int> _requested = new();
    private int _next;

    public WorkerHost(int slots, string node)
    {
        _slots = Math.Max(1, slots);
        _node = node;
        Receive<WorkReady>(_ =>
        {
            if (!_offers.Contains(Sender))
            {
                _offers.Add(Sender);
            }
            RequestWork();
        });
        Receive<NoWork>(_ =>
        {
            _offers.Remove(Sender);
            Answered(Sender);
            RequestWork();
        });
        Receive<RunTrial>(run =>
        {
            Answered(Sender);
            var a = run.Assignment;
            var trial = Context.ActorOf(TrialActor.Props(a, Sender), $"{a.Sweep}-trial-{a.TrialId}-{a.Attempt}");
            Context.Watch(trial);
            _running[trial] = (Sender, a.TrialId, a.Attempt);
            RequestWork();
        });
        Receive<StopTraining>(stop =>
        {
            foreach (var (trial, owner) in _running.Where(r => r.Value.Sweep.Equals(Sender) && r.Value.TrialId == stop.TrialId).ToList())
            {
                trial.Forward(stop);
            }
        });
        Receive<Terminated>(t =>
        {
            if (_running.Remove(t.ActorRef, out var owner))
            {
                owner.Sweep.Tell(new TrialStopped(owner.TrialId, owner.Attempt));
                RequestWork();
            }
            else
            {
                _offers.Remove(t.ActorRef);
                _requested.Remove(t.ActorRef);
                RequestWork();
            }
        });
    }

    public static Props Props(int slots, string node) => Akka.Actor.Props.Create(() => new WorkerHost(slots, node));

    /// <summary>Asks sweeps with work for trials, one request per free slot, taking the sweeps in turn.</summary>
    private void RequestWork()
    {
        while (_running.Count + _requested.Values.Sum() < _slots && _offers.Count > 0)
        {
            var sweep = _offers[_next++ % _offers.Count];
            Context.Watch(sweep);
            sweep.Tell(new RequestWork(_node));
            _requested[sweep] = _requested.GetValueOrDefault(sweep) + 1;
        }
    }

    private void Answered(IActorRef sweep)
    {
        if (_requested.TryGetValue(sweep, out var count))
        {
            if (count <= 1)
            {
                _requested.Remove(sweep);
            }
            else
            {
                _requested[sweep] = count - 1;
            }
        }
    }
}
