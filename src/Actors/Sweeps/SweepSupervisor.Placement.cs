using ActorTune.Actors.Messages;
using ActorTune.Model.Events;
using ActorTune.Model.Randomness;
using ActorTune.Model.Space;
using ActorTune.Model.State;
using Akka.Actor;

namespace ActorTune.Actors.Sweeps;

/// <summary>
/// Which trial runs where. Work pulling: the sweep announces that it has work, workers with a free slot ask for
/// it, and only then is a trial started there — so no node runs more trials than it has slots, a worker that
/// joins late starts receiving trials at the next announcement, and a lost worker's trials go back in the queue
/// and continue from their checkpoints on whichever worker asks next.
/// </summary>
public sealed partial class SweepSupervisor
{
    private static readonly TimeSpan AnnounceEvery = TimeSpan.FromSeconds(1);

    private readonly Dictionary<int, Placement> _placed = new();
    private readonly Queue<int> _queue = new();
    private readonly Dictionary<int, LaunchPlan> _plans = new();
    private readonly Queue<(IActorRef Worker, string Node)> _waitingWorkers = new();
    private readonly HashSet<IActorRef> _watchedWorkers = [];
    private readonly HashSet<int> _relaunching = [];
    private readonly List<(IActorRef Worker, string Node)> _waitingForJournal = [];

    /// <summary>Where a running trial is: its worker, and its trial actor once it has reported.</summary>
    private sealed record Placement(IActorRef Worker, int Attempt, IActorRef? Trial);

    /// <summary>How a trial (re)starts: after which epoch, from which saved state, with which hyperparameters.</summary>
    private sealed record LaunchPlan(int FromEpoch, byte[]? Checkpoint, TrialConfig Config);

    private sealed class Announce
    {
        public static readonly Announce Instance = new();
    }

    private bool HasQueuedTrials => _queue.Count > 0 || _relaunching.Count > 0;

    private bool HasPlacedTrials => _placed.Count > 0;

    private bool CanPropose => SweepDecider.CanPropose(_state, _flow);

    /// <summary>What the decisions need to know of the placement.</summary>
    private SweepLoad Load => new(_waitingWorkers.Count, _queue.Count + _relaunching.Count, _placed.Count);

    private void Queue(int trialId, LaunchPlan plan)
    {
        _relaunching.Remove(trialId);
        _plans[trialId] = plan;
        if (!_queue.Contains(trialId))
        {
            _queue.Enqueue(trialId);
        }
        while (_waitingWorkers.Count > 0 && _queue.Count > 0)
        {
            var (worker, node) = _waitingWorkers.Dequeue();
            LaunchOn(worker, node, _queue.Dequeue());
        }
    }

    /// <summary>An ended trial leaves the queue (and any relaunch under way is dropped).</summary>
    private void Unqueue(int trialId)
    {
        _relaunching.Remove(trialId);
        _plans.Remove(trialId);
        if (_queue.Contains(trialId))
        {
            var rest = _queue.Where(id => id != trialId).ToList();
            _queue.Clear();
            rest.ForEach(_queue.Enqueue);
        }
    }

    /// <summary>Tells every reachable worker that there is work, now and every second while there is.</summary>
    private void AnnounceWork()
    {
        if (!SweepDecider.TakesWork(_state, _flow) || _workers.IsNobody() || (!HasQueuedTrials && !CanPropose))
        {
            Timers.Cancel("announce");
            return;
        }
        _workers.Tell(new BroadcastToWorkers(new WorkReady(_name)));
        if (!Timers.IsTimerActive("announce"))
        {
            Timers.StartPeriodicTimer("announce", Announce.Instance, AnnounceEvery);
        }
    }

    private void OnRequestWork(IActorRef worker, string node)
    {
        if (!SweepDecider.TakesWork(_state, _flow))
        {
            worker.Tell(new NoWork(_name));
            return;
        }
        if (_unwritten > _maxUnwritten)
        {
            // The journal is behind (trials that cost nothing report faster than a database writes): no trial starts
            // until it has caught up, so memory holds a bounded backlog of events instead of every epoch not yet written.
            _waitingForJournal.Add((worker, node));
            return;
        }
        if (_queue.TryDequeue(out var queued))
        {
            LaunchOn(worker, node, queued);
            return;
        }
        if (_relaunching.Count > _waitingWorkers.Count)
        {
            // A trial being relaunched (from a checkpoint, once it is read) takes this slot, not a new proposal.
            _waitingWorkers.Enqueue((worker, node));
            return;
        }
        if (CanPropose)
        {
            _waitingWorkers.Enqueue((worker, node));
            Decide(new Settle(DateTimeOffset.UtcNow), settle: false);
            return;
        }
        worker.Tell(new NoWork(_name));
    }

    /// <summary>Once the journal has caught up (half the backlog written), the workers held back ask again.</summary>
    private void AskAgainIfCaughtUp()
    {
        if (_waitingForJournal.Count == 0 || _unwritten > _maxUnwritten / 2)
        {
            return;
        }
        foreach (var (worker, node) in _waitingForJournal)
        {
            Self.Tell(new RequestWork(node), worker);
        }
        _waitingForJournal.Clear();
    }

    /// <summary>A new trial starts on a worker waiting for it, or waits in the queue for the next one.</summary>
    private void LaunchProposed(int trialId, TrialConfig config)
    {
        var plan = new LaunchPlan(0, null, config);
        if (_waitingWorkers.TryDequeue(out var waiting))
        {
            _plans[trialId] = plan;
            LaunchOn(waiting.Worker, waiting.Node, trialId);
        }
        else
        {
            Queue(trialId, plan);
        }
    }

    private void ReleaseWaitingWorkers()
    {
        while (_waitingWorkers.TryDequeue(out var waiting))
        {
            waiting.Worker.Tell(new NoWork(_name));
        }
    }

    private void LaunchOn(IActorRef worker, string node, int trialId)
    {
        var trial = _state.Trial(trialId);
        var plan = _plans.Remove(trialId, out var planned) ? planned : new LaunchPlan(0, null, trial.CurrentConfig);
        var attempt = trial.Attempt + 1;
        Emit(new TrialStarted(trialId, attempt, node, plan.FromEpoch, DateTimeOffset.UtcNow));
        _scheduling?.Launched(trialId, plan.FromEpoch, plan.Config);
        worker.Tell(new RunTrial(new TrialAssignment(_name, trialId, attempt, plan.Config,
            Seeds.Derive(Spec.Seed, Seeds.Purpose("trial"), trialId), plan.FromEpoch, plan.Checkpoint, Spec)));
        _placed[trialId] = new Placement(worker, attempt, null);
        if (_watchedWorkers.Add(worker))
        {
            Context.Watch(worker);
        }
    }

    /// <summary>The trial actor that reported: continue and stop go straight to it from now on.</summary>
    private void TrialReporting(int trialId, int attempt, IActorRef trial)
    {
        if (_placed.TryGetValue(trialId, out var placement) && placement.Attempt == attempt)
        {
            _placed[trialId] = placement with { Trial = trial };
        }
    }

    /// <summary>Trials training on a worker now (not held between epochs by a babysitter).</summary>
    private HashSet<int> Training() => _placed.Keys.Where(id => !_held.ContainsKey(id)).ToHashSet();

    private IActorRef? TrialRef(int trialId) => _placed.TryGetValue(trialId, out var placement) ? placement.Trial : null;

    private bool IsPlaced(int trialId, int attempt) => _placed.TryGetValue(trialId, out var placement) && placement.Attempt == attempt;

    /// <summary>Stops a placed trial between epochs (through its worker if it has not reported yet) and frees its place.</summary>
    private void StopPlaced(int trialId, int attempt)
    {
        if (_placed.Remove(trialId, out var placement))
        {
            (placement.Trial ?? placement.Worker).Tell(new StopTraining(trialId, attempt), Self);
        }
    }

    private void StopAllPlaced()
    {
        foreach (var (trialId, placement) in _placed.ToList())
        {
            StopPlaced(trialId, placement.Attempt);
        }
    }

    /// <summary>A worker's node is gone: its trials go back in the queue and continue from their checkpoints elsewhere.</summary>
    private void OnWorkerLost(IActorRef worker)
    {
        _watchedWorkers.Remove(worker);
        if (_flow.Phase != SweepPhase.Running)
        {
            return;
        }
        foreach (var (trialId, _) in _placed.Where(p => p.Value.Worker.Equals(worker)).ToList())
        {
            _placed.Remove(trialId);
            var trial = _state.Trial(trialId);
            if (trial.Status == TrialStatus.Running)
            {
                Resume(trial);
            }
        }
        AnnounceWork();
    }
}
