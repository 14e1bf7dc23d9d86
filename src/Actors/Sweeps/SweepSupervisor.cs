using ActorTune.Actors.Messages;
using ActorTune.Actors.Schedulers;
using ActorTune.Actors.Storage;
using ActorTune.Actors.Strategies;
using ActorTune.Actors.Workers;
using ActorTune.Model.Data;
using ActorTune.Model.Events;
using ActorTune.Model.Schedulers;
using ActorTune.Model.State;
using ActorTune.Model.Strategies;
using ActorTune.Model.Sweep;
using ActorTune.Model.Training;
using Akka.Actor;
using Akka.Persistence;

namespace ActorTune.Actors.Sweeps;

/// <summary>
/// Runs one sweep. Recovers by replaying the sweep's log into <see cref="SweepState"/>, then keeps workers busy
/// with its trials (work pulling: see SweepSupervisor.Placement.cs), asks the strategy for configurations,
/// persists every fact trials report and ends each trial by the rules in Model and the scheduler's word.
/// State is applied as each event is emitted and persisted in order, so the journal is always a prefix of what
/// this actor did; observers hear of an event only once it is durable. It runs under a <see cref="SweepSession"/>,
/// which holds the sweep's lease. The other parts: Placement (which trial runs where), Relaunch (continuing a
/// trial from a checkpoint: population-based training, a babysitter's set and rollback), Babysit (interventions).
/// </summary>
public sealed partial class SweepSupervisor : ReceivePersistentActor, IWithTimers
{
    private readonly string _name;
    private readonly ActorTuneStorage _storage;
    private readonly long _snapshotEvery;
    private const string WriteTimer = "write";
    private const int MaxBatch = 500;
    private readonly TimeSpan _writeEvery;
    private readonly List<(SweepEvent Event, long Count)> _toWrite = [];
    private int _unwritten;
    private long _snapshotAt;
    private SweepState _state = SweepState.Empty;
    private IActorRef _strategy = ActorRefs.Nobody;
    private IActorRef _scheduler = ActorRefs.Nobody;
    private IActorRef _workers = ActorRefs.Nobody;
    private readonly HashSet<IActorRef> _observers = [];
    private SweepFlow _flow = SweepFlow.Start;

    public SweepSupervisor(string name)
    {
        _name = name;
        _storage = ActorTuneStorage.Get(Context.System);
        _snapshotEvery = Math.Max(1, Context.System.Settings.Config.GetLong("actortune.snapshot-every", 2000));
        _writeEvery = Context.System.Settings.Config.GetTimeSpan("actortune.write-every", TimeSpan.FromMilliseconds(50));
        Recover<SnapshotOffer>(offer =>
        {
            _state = ((SweepState)offer.Snapshot).Reindexed();
            _snapshotAt = _state.EventCount;
        });
        Recover<SweepEvent>(e => _state = _state.Apply(e));
        Command<ObserveSweep>(_ => _observers.Add(Sender));
        Command<StartSweep>(Start);
        Command<WriteNow>(_ => WriteQueued());
        Command<StopSweep>(_ => Stop());
        Command<ProposalReply>(reply => Decide(new ProposalAnswered(reply.TrialId, reply.Step)));
        Command<RequestWork>(request => OnRequestWork(Sender, request.Node));
        Command<Announce>(_ => AnnounceWork());
        Command<EpochCompleted>(report =>
            Decide(new EpochArrived(report.TrialId, report.Attempt, report.Epoch, report.Metrics, report.Seconds)));
        Command<SaveCheckpoint>(save => _storage.TrialStorageWriter.Forward(save));
        Command<SaveTrialLog>(log => _storage.TrialStorageWriter.Forward(log));
        Command<SchedulerAnswer>(answer => Decide(new SchedulerAnswered(answer.TrialId, answer.Attempt, answer.Epoch, answer.Decision)));
        Command<RelaunchReady>(ready => Relaunched(ready.Plan));
        Command<Intervene>(OnIntervene);
        Command<ControlSweep>(OnControl);
        Command<RequeueAfterPause>(_ => RequeuePaused());
        Command<TrialFailed>(m => Decide(new TrialEnding(m.TrialId, m.Attempt, TrialStatus.Failed, m.Reason, DateTimeOffset.UtcNow)));
        Command<ClockTick>(_ => Decide(new ClockTicked(RunningSeconds, Training(), DateTimeOffset.UtcNow)));
        Command<TrialDeclaredParameters>(OnDeclared);
        Command<TrialEndedEarly>(m => Decide(new TrialEnding(m.TrialId, m.Attempt, m.Status, m.Reason, DateTimeOffset.UtcNow)));
        Command<TrialStopped>(OnTrialStopped);
        Command<Terminated>(terminated => OnWorkerLost(terminated.ActorRef));
        Command<SaveSnapshotSuccess>(success =>
            DeleteSnapshots(new SnapshotSelectionCriteria(success.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(_ => { });
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId => PersistenceIdFor(_name);

    public ITimerScheduler Timers { get; set; } = null!;

    public static string PersistenceIdFor(string sweepName) => $"sweep-{sweepName}";

    public static Props Props(string name) => Akka.Actor.Props.Create(() => new SweepSupervisor(name));

    private SweepSpec Spec => _state.RequireSpec();

    private void Start(StartSweep command)
    {
        if (!_strategy.IsNobody() || _flow.Phase == SweepPhase.Ended)
        {
            Sender.Tell(new SweepStarted(_state)); // already running: starting twice changes nothing
            return;
        }
        if (command.Spec is not null && _state.Spec is not null && !command.ResumeIfExists)
        {
            Sender.Tell(new SweepRejected($"a sweep named '{_name}' already exists in this database", true, NameTaken: true));
            return;
        }
        if (command.Spec is null && _state.Spec is null)
        {
            Sender.Tell(new SweepRejected($"no sweep named '{_name}' in this database", true));
            return;
        }
        if (DataProblem(_state.Spec ?? command.Spec!) is { } problem)
        {
            Sender.Tell(new SweepRejected(problem, true));
            return;
        }
        if (_state.Spec is null)
        {
            Emit(new SweepDefined(command.Spec!, command.SourceText, DateTimeOffset.UtcNow));
            // Answer once the definition is durable: whoever started it (a `submit`) may read it back at once.
            var replyTo = Sender;
            AfterWritten(state => replyTo.Tell(new SweepStarted(state)));
        }
        else
        {
            Sender.Tell(new SweepStarted(_state));
        }
        if (_state.Status.IsFinal())
        {
            Publish(new SweepFinished(_state));
            return;
        }
        _strategy = Context.ActorOf(StrategyActor.Props(StrategyCatalog.Create(Spec), SearchHistory.From(_state)), "strategy");
        if (!SchedulerCatalog.IsNone(Spec))
        {
            _scheduler = Context.ActorOf(SchedulerActor.Props(SchedulerCatalog.Create(Spec)), "scheduler");
            _scheduler.Tell(new RestoreSchedulerHistory(_state.Trials
                .Select(t => (t.Id, t.CurrentConfig, (IReadOnlyList<double>)t.Epochs.Select(e => Score(e.Metric(Spec.Metric))).ToList())).ToList()));
        }
        _workers = Context.ActorOf(WorkerDirectory.Props(), "workers");
        if (_state.TimeBudgetSpent)
        {
            // Killed after its time ran out: what was running then does not start again.
            foreach (var trial in SweepRules.Unfinished(_state))
            {
                Decide(new TrialEnding(trial.Id, trial.Attempt, TrialStatus.Pruned, SweepDecider.TimeBudgetReason, DateTimeOffset.UtcNow), settle: false);
            }
        }
        else if (!IsPaused)
        {
            foreach (var trial in SweepRules.Unfinished(_state))
            {
                Queue(trial.Id, ResumePoint(trial));
            }
            RunClock(true);
        }
        AnnounceWork();
        Decide(new Settle(DateTimeOffset.UtcNow), settle: false);
    }

    /// <summary>The data set must load before any trial starts (on resume too: the file may have moved).</summary>
    private static string? DataProblem(SweepSpec spec)
    {
        if (!TrainableCatalog.NeedsData(spec.Model) || spec.Data is not { } data)
        {
            return null;
        }
        try
        {
            DataCache.Get(data);
            return null;
        }
        catch (Exception e) when (e is DataFormatException or IOException or ArgumentException)
        {
            return e.Message;
        }
    }

    /// <summary>Tells the trial to train its next epoch, unless a babysitter paused it or changes it first.</summary>
    private void ContinueTrial(int trialId, int attempt)
    {
        if (_pending.Remove(trialId, out var plan))
        {
            Apply(plan with { Attempt = attempt });
            return;
        }
        if (_paused.Contains(trialId))
        {
            _held[trialId] = attempt; // a babysitter paused it: it waits between epochs until "resume"
            return;
        }
        if (_flow.Phase == SweepPhase.Running && !TrialRules.RunsOnItsOwn(Spec))
        {
            TrialRef(trialId)?.Tell(new ContinueTraining(trialId, attempt));
        }
    }

    /// <summary>The trial has ended (its event is applied): it stops and leaves every plan and queue.</summary>
    private void Forget(int trialId, int attempt)
    {
        _paused.Remove(trialId);
        _held.Remove(trialId);
        _pending.Remove(trialId);
        _parked.Remove(trialId);
        Unqueue(trialId);
        StopPlaced(trialId, attempt);
    }

    /// <summary>A worker's trial actor stopped without its trial ending: it crashed.</summary>
    private void OnTrialStopped(TrialStopped stopped)
    {
        if (IsPlaced(stopped.TrialId, stopped.Attempt))
        {
            Decide(new TrialEnding(stopped.TrialId, stopped.Attempt, TrialStatus.Failed, "the trial stopped without reporting why",
                DateTimeOffset.UtcNow));
        }
    }

    private void Stop()
    {
        Decide(new StopRequested(), settle: false);
        Timers.CancelAll();
        var replyTo = Sender;
        var writer = _storage.TrialStorageWriter;
        AfterWritten(state =>
        {
            // Checkpoints queued so far are written before the process may exit, so a resume loses no epoch of training.
            writer.Ask<CheckpointsFlushed>(new FlushCheckpoints(), TimeSpan.FromSeconds(5))
                .ContinueWith(_ => new SweepStopped(state), TaskScheduler.Default)
                .PipeTo(replyTo);
        });
    }

    private void Publish(object message)
    {
        foreach (var observer in _observers)
        {
            observer.Tell(message);
        }
    }

    /// <summary>
    /// Applies the event now and queues it for the journal, in order. Events are written in batches, one
    /// transaction every <c>actortune.write-every</c> (or at once past 500), so the journal is not the bottleneck
    /// of short epochs. Nothing waits on a write except what must: observers hear of an event only once it is
    /// durable, and a stop or the end of the sweep waits for every write. A crash loses at most the queued batch —
    /// the journal stays a prefix of what happened, and a resume redoes those epochs with the same numbers.
    /// </summary>
    private void Emit(SweepEvent @event)
    {
        _state = _state.Apply(@event);
        Enqueue(@event, _state.EventCount);
    }

    /// <summary>Queues an event already applied to the state; it is the sweep's <paramref name="count"/>-th.</summary>
    private void Enqueue(SweepEvent @event, long count)
    {
        _unwritten++;
        _toWrite.Add((@event, count));
        if (_toWrite.Count >= MaxBatch)
        {
            WriteQueued();
        }
        else if (!Timers.IsTimerActive(WriteTimer))
        {
            Timers.StartSingleTimer(WriteTimer, WriteNow.Instance, _writeEvery);
        }
    }

    private void WriteQueued()
    {
        Timers.Cancel(WriteTimer);
        if (_toWrite.Count == 0)
        {
            return;
        }
        var batch = _toWrite.ToList();
        _toWrite.Clear();
        var counts = new Queue<long>(batch.Select(b => b.Count));
        PersistAllAsync(batch.Select(b => b.Event), persisted =>
        {
            _unwritten--;
            Publish(new SweepEventPublished(persisted, counts.Dequeue()));
            SnapshotIfDue();
        });
    }

    /// <summary>Runs <paramref name="then"/> once every event emitted so far is durable.</summary>
    private void AfterWritten(Action<SweepState> then)
    {
        WriteQueued();
        DeferAsync(_state, then);
    }

    private sealed class WriteNow
    {
        public static readonly WriteNow Instance = new();
    }

    /// <summary>
    /// Snapshots only when every emitted event is durable: then the in-memory state is exactly the state at
    /// <see cref="Eventsourced.LastSequenceNr"/>, which is what a snapshot must be.
    /// </summary>
    private void SnapshotIfDue()
    {
        if (_unwritten == 0 && _state.EventCount - _snapshotAt >= _snapshotEvery)
        {
            _snapshotAt = _state.EventCount;
            SaveSnapshot(_state);
        }
    }

    /// <summary>A metric value as a score where larger is better; a missing or non-finite value is the worst.</summary>
    private double Score(double? value) =>
        value is { } v && double.IsFinite(v) ? Spec.Goal.Score(v) : double.NegativeInfinity;

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        Publish(new SweepRejected($"the database refused a write: {cause.Message}", false));
        base.OnPersistFailure(cause, @event, sequenceNr);
    }
}
