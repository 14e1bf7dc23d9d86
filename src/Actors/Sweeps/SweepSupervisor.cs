using ActorTune.Actors.Messages;
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
/// persists every fact trials report and ends each trial by <see cref="SweepDecider"/>'s decisions (carried out in
/// SweepSupervisor.Decisions.cs). Its behaviour is one of five states — idle until started, checking the data,
/// running, stopping, ended — so each handler holds only for the state it belongs to. It never blocks: checkpoint
/// reads go to the trial storage actor (on the storage dispatcher) and the data check to the thread pool, and both
/// come back as messages. State is applied as each event is emitted and persisted in order, so the journal is always a
/// prefix of what this actor did; observers hear of an event only once it is durable. It runs under a
/// <see cref="SweepSession"/>, which holds the sweep's lease. The other parts: Placement (which trial runs where),
/// Relaunch (continuing a trial from a checkpoint: population-based training, a babysitter's set and rollback), Babysit
/// (interventions), Control (pause, continue, cancel), DefineByRun (parameters an objective declares).
/// </summary>
public sealed partial class SweepSupervisor : ReceivePersistentActor, IWithTimers
{
    private readonly string _name;
    private readonly SweepParts _parts;
    private readonly IActorRef _trialStorage;
    private readonly long _snapshotEvery;
    private readonly int _maxUnwritten;
    private const string WriteTimer = "write";
    private const int MaxBatch = 500;
    private readonly TimeSpan _writeEvery;
    private readonly List<(SweepEvent Event, long Count)> _toWrite = [];
    private int _unwritten;
    private long _snapshotAt;
    private bool _snapshotting;
    // Lean: an ended trial's epochs (all but its best and last) leave memory as it ends; see SweepState.Lean.
    private SweepState _state = SweepState.Empty.AsLean();
    private IActorRef _strategy = ActorRefs.Nobody;
    private SweepScheduling? _scheduling;
    private IActorRef _workers = ActorRefs.Nobody;
    private readonly HashSet<IActorRef> _observers = [];
    private SweepFlow _flow = SweepFlow.Start;

    public SweepSupervisor(string name, SweepParts parts)
    {
        _name = name;
        _parts = parts;
        _trialStorage = parts.TrialStorage(Context.System);
        _snapshotEvery = Math.Max(1, Context.System.Settings.Config.GetLong("actortune.snapshot-every", 2000));
        _writeEvery = Context.System.Settings.Config.GetTimeSpan("actortune.write-every", TimeSpan.FromMilliseconds(50));
        _maxUnwritten = Math.Max(MaxBatch, Context.System.Settings.Config.GetInt("actortune.max-unwritten", 50000));
        Recover<SnapshotOffer>(offer =>
        {
            _state = ((SweepState)offer.Snapshot).Reindexed().AsLean();
            _snapshotAt = _state.EventCount;
        });
        Recover<SweepEvent>(e => _state = _state.Apply(e));
        Idle();
    }

    public override string PersistenceId => PersistenceIdFor(_name);

    public ITimerScheduler Timers { get; set; } = null!;

    public static string PersistenceIdFor(string sweepName) => $"sweep-{sweepName}";

    public static Props Props(string name, SweepParts? parts = null) =>
        Akka.Actor.Props.Create(() => new SweepSupervisor(name, parts ?? SweepParts.Default));

    private SweepSpec Spec => _state.RequireSpec();

    /// <summary>Recovered, waiting to be started (or resumed).</summary>
    private void Idle()
    {
        Always();
        Command<StartSweep>(Start);
        Command<StopSweep>(_ => Sender.Tell(new SweepStopped(_state)));
    }

    /// <summary>Loading the sweep's data set before any trial starts; everything else waits for the answer.</summary>
    private void CheckingData()
    {
        Always();
        Command<DataChecked>(checkedData =>
        {
            Stash.UnstashAll();
            if (checkedData.Problem is { } problem)
            {
                checkedData.ReplyTo.Tell(new SweepRejected(problem, true));
                Become(Idle);
                return;
            }
            Begin(checkedData.Command, checkedData.ReplyTo);
        });
        CommandAny(_ => Stash.Stash());
    }

    /// <summary>Trials run, report and end; the strategy proposes; people pause, continue, cancel and babysit.</summary>
    private void Running()
    {
        Always();
        Command<StartSweep>(_ => Sender.Tell(new SweepStarted(_state))); // already running: starting twice changes nothing
        Command<StopSweep>(_ => Stop());
        Command<ProposalReply>(reply => Decide(new ProposalAnswered(reply.TrialId, reply.Step)));
        Command<RequestWork>(request => OnRequestWork(Sender, request.Node));
        Command<Announce>(_ => AnnounceWork());
        Command<EpochCompleted>(report =>
            Decide(new EpochArrived(report.TrialId, report.Attempt, report.Epoch, report.Metrics, report.Seconds)));
        Command<CheckpointRead>(OnCheckpointRead);
        Command<Intervene>(OnIntervene);
        Command<ControlSweep>(OnControl);
        Command<TrialFailed>(m => Decide(new TrialEnding(m.TrialId, m.Attempt, TrialStatus.Failed, m.Reason, DateTimeOffset.UtcNow)));
        Command<ClockTick>(_ => Decide(new ClockTicked(RunningSeconds, Training(), DateTimeOffset.UtcNow)));
        Command<TrialDeclaredParameters>(OnDeclared);
        Command<TrialEndedEarly>(m => Decide(new TrialEnding(m.TrialId, m.Attempt, m.Status, m.Reason, DateTimeOffset.UtcNow)));
        Command<TrialStopped>(OnTrialStopped);
        Command<Terminated>(terminated => OnWorkerLost(terminated.ActorRef));
    }

    /// <summary>
    /// The process stops (the sweep stays resumable) or the sweep has ended: nothing more is decided. Trials still
    /// finishing their epoch may report and save checkpoints; the reports are dropped (the next session redoes them),
    /// the checkpoints kept. Workers asking for work get none.
    /// </summary>
    private void Winding()
    {
        Always();
        Command<StartSweep>(_ => Sender.Tell(new SweepStarted(_state)));
        Command<StopSweep>(_ => Stop());
        Command<RequestWork>(_ => Sender.Tell(new NoWork(_name)));
        Command<ControlSweep>(OnControl); // answered: it cannot
        Command<Intervene>(_ => Sender.Tell(new InterventionReply(false, $"sweep {_name} is {(_flow.Phase == SweepPhase.Ended ? "over" : "stopping")}")));
        Command<FinishedAndSaved>(finished => Publish(new SweepFinished(finished.State)));
        CommandAny(_ => { }); // late reports, checkpoint reads, timers of the running state: nothing to decide any more
    }

    /// <summary>What every state handles: observers, the journal's batches and snapshots, what trials leave behind.</summary>
    private void Always()
    {
        Command<ObserveSweep>(_ => _observers.Add(Sender));
        Command<WriteNow>(_ => WriteQueued());
        Command<SaveCheckpoint>(save => _trialStorage.Forward(save));
        Command<SaveTrialLog>(log => _trialStorage.Forward(log));
        Command<SaveSnapshotSuccess>(success =>
        {
            _snapshotting = false;
            DeleteSnapshots(new SnapshotSelectionCriteria(success.Metadata.SequenceNr - 1));
        });
        Command<SaveSnapshotFailure>(_ => _snapshotting = false);
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    /// <summary>The behaviour that goes with the decisions' phase.</summary>
    private void BecomeFor(SweepPhase phase)
    {
        if (phase != SweepPhase.Running)
        {
            Become(Winding);
        }
    }

    private void Start(StartSweep command)
    {
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
        var spec = _state.Spec ?? command.Spec!;
        if (!TrainableCatalog.NeedsData(spec.Model) || spec.Data is not { } data)
        {
            Begin(command, Sender);
            return;
        }
        // The data set must load before any trial starts (on resume too: the file may have moved). A big file takes
        // seconds to parse, so it is read off this actor's thread; the cache keeps it for the trials.
        Become(CheckingData);
        var replyTo = Sender;
        Task.Run(() => DataProblem(data)).PipeTo(Self, success: problem => new DataChecked(command, replyTo, problem),
            failure: e => new DataChecked(command, replyTo, e.Message));
    }

    private static string? DataProblem(DataSpec data)
    {
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

    private sealed record DataChecked(StartSweep Command, IActorRef ReplyTo, string? Problem);

    /// <summary>Defines the sweep if it is new, then runs it — or, if the log says it is over, says so.</summary>
    private void Begin(StartSweep command, IActorRef replyTo)
    {
        if (_state.Spec is null)
        {
            Emit(new SweepDefined(command.Spec!, command.SourceText, DateTimeOffset.UtcNow));
            // Answer once the definition is durable: whoever started it (a `submit`) may read it back at once.
            AfterWritten(state => replyTo.Tell(new SweepStarted(state)));
        }
        else
        {
            replyTo.Tell(new SweepStarted(_state));
        }
        if (_state.Status.IsFinal())
        {
            _flow = _flow with { Phase = SweepPhase.Ended };
            Become(Winding);
            PublishFinishedWhenSaved();
            return;
        }
        Become(Running);
        _strategy = Context.ActorOf(_parts.Strategy(Spec, SearchHistory.From(_state)), "strategy");
        _scheduling = SweepScheduling.For(_state);
        _workers = Context.ActorOf(_parts.Workers(), "workers");
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
                Resume(trial);
            }
            RunClock(true);
        }
        AnnounceWork();
        Decide(new Settle(DateTimeOffset.UtcNow), settle: false);
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
        var writer = _trialStorage;
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
            AskAgainIfCaughtUp();
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
    /// <see cref="Eventsourced.LastSequenceNr"/>, which is what a snapshot must be. A snapshot costs in the number of
    /// trials, so one is due every <c>snapshot-every</c> events or every as many events as there are trials, whichever
    /// is more, and never while the last is being written: the cost of snapshots stays a constant share of the run
    /// however big the sweep grows, and they never queue up in memory.
    /// </summary>
    private void SnapshotIfDue()
    {
        if (_unwritten == 0 && !_snapshotting && _state.EventCount - _snapshotAt >= Math.Max(_snapshotEvery, _state.Trials.Count))
        {
            _snapshotAt = _state.EventCount;
            _snapshotting = true;
            SaveSnapshot(_state);
        }
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        Publish(new SweepRejected($"the database refused a write: {cause.Message}", false));
        base.OnPersistFailure(cause, @event, sequenceNr);
    }
}
