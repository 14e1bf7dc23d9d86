using ActorTune.Actors.Messages;
using ActorTune.Actors.Schedulers;
using ActorTune.Actors.Storage;
using ActorTune.Actors.Strategies;
using ActorTune.Actors.Trials;
using ActorTune.Model.Checkpoints;
using ActorTune.Model.Data;
using ActorTune.Model.Events;
using ActorTune.Model.Randomness;
using ActorTune.Model.Schedulers;
using ActorTune.Model.Space;
using ActorTune.Model.State;
using ActorTune.Model.Strategies;
using ActorTune.Model.Sweep;
using ActorTune.Model.Training;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;

namespace ActorTune.Actors.Sweeps;

/// <summary>
/// Runs one sweep. Recovers by replaying the sweep's log into <see cref="SweepState"/>, then keeps up to
/// <c>concurrency</c> trials training: asks the strategy for configurations, starts trial actors, persists
/// every fact they report and ends each trial by the rules in Model. State is applied as each event is
/// emitted and persisted in order, so the journal is always a prefix of what this actor did; observers hear of
/// an event only once it is durable. It runs under a <see cref="SweepSession"/>, which holds the sweep's lease.
/// </summary>
public sealed class SweepSupervisor : ReceivePersistentActor
{
    private readonly string _name;
    private readonly string _node;
    private readonly Dictionary<int, IActorRef> _trials = new();
    private readonly ActorTuneStorage _storage;
    private readonly long _snapshotEvery;
    private int _unwritten;
    private long _snapshotAt;
    private SweepState _state = SweepState.Empty;
    private IActorRef _strategy = ActorRefs.Nobody;
    private IActorRef _scheduler = ActorRefs.Nobody;
    private IActorRef _observer = ActorRefs.Nobody;
    private bool _proposing;
    private bool _waitingForResults;
    private bool _exhausted;
    private bool _stopping;
    private bool _finishing;

    public SweepSupervisor(string name, string node)
    {
        _name = name;
        _node = node;
        _storage = ActorTuneStorage.Get(Context.System);
        _snapshotEvery = Math.Max(1, Context.System.Settings.Config.GetLong("actortune.snapshot-every", 2000));
        Recover<SnapshotOffer>(offer =>
        {
            _state = ((SweepState)offer.Snapshot).Reindexed();
            _snapshotAt = _state.EventCount;
        });
        Recover<SweepEvent>(e => _state = _state.Apply(e));
        Command<StartSweep>(Start);
        Command<StopSweep>(_ => Stop());
        Command<ProposalReply>(OnProposal);
        Command<EpochCompleted>(OnEpoch);
        Command<SchedulerAnswer>(OnSchedulerAnswer);
        Command<ExploitReady>(Exploit);
        Command<TrialFailed>(m => EndTrial(m.TrialId, m.Attempt, TrialStatus.Failed, m.Reason));
        Command<Terminated>(OnTrialTerminated);
        Command<SaveSnapshotSuccess>(success =>
            DeleteSnapshots(new SnapshotSelectionCriteria(success.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(_ => { });
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId => PersistenceIdFor(_name);

    public static string PersistenceIdFor(string sweepName) => $"sweep-{sweepName}";

    public static Props Props(string name, string node) => Akka.Actor.Props.Create(() => new SweepSupervisor(name, node));

    private SweepSpec Spec => _state.RequireSpec();

    private void Start(StartSweep command)
    {
        _observer = command.Observer;
        if (command.Spec is not null && _state.Spec is not null)
        {
            Sender.Tell(new SweepRejected(
                $"a sweep named '{_name}' already exists in this database; `actortune resume {_name}` continues it", true));
            return;
        }
        if (command.Spec is null && _state.Spec is null)
        {
            Sender.Tell(new SweepRejected($"no sweep named '{_name}' in this database", true));
            return;
        }
        if (DataProblem(command.Spec ?? Spec) is { } problem)
        {
            Sender.Tell(new SweepRejected(problem, true));
            return;
        }
        if (command.Spec is not null)
        {
            Emit(new SweepDefined(command.Spec, command.SourceText, DateTimeOffset.UtcNow));
        }
        Sender.Tell(new SweepStarted(_state));
        if (_state.Status == SweepStatus.Completed)
        {
            _observer.Tell(new SweepFinished(_state));
            return;
        }
        _strategy = Context.ActorOf(StrategyActor.Props(StrategyCatalog.Create(Spec), SearchHistory.From(_state)), "strategy");
        if (!SchedulerCatalog.IsNone(Spec))
        {
            _scheduler = Context.ActorOf(SchedulerActor.Props(SchedulerCatalog.Create(Spec)), "scheduler");
            _scheduler.Tell(new RestoreSchedulerHistory(_state.Trials
                .Select(t => (t.Id, t.CurrentConfig, (IReadOnlyList<double>)t.Epochs.Select(e => Score(e.Metric(Spec.Metric))).ToList())).ToList()));
        }
        foreach (var trial in SweepRules.Unfinished(_state))
        {
            Launch(trial);
        }
        Fill();
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

    /// <summary>Starts trials (relaunching unfinished ones first) or asks for proposals until every slot is busy.</summary>
    private void Fill()
    {
        if (_stopping || _finishing)
        {
            return;
        }
        if (_trials.Count < Spec.Concurrency && !_proposing && !_waitingForResults && !_exhausted && SweepRules.BudgetLeft(_state))
        {
            _proposing = true;
            _strategy.Tell(new ProposeNext(_state.NextTrialId));
            return;
        }
        if (_waitingForResults && _trials.Count == 0)
        {
            // A strategy that waits for results while nothing runs would wait forever: it has nothing more.
            _exhausted = true;
        }
        if (!_proposing && SweepRules.IsDone(_state, _exhausted))
        {
            Finish();
        }
    }

    private void OnProposal(ProposalReply reply)
    {
        _proposing = false;
        if (_stopping || reply.TrialId != _state.NextTrialId)
        {
            return;
        }
        switch (reply.Step)
        {
            case ProposeTrial proposal:
                if (proposal.NewRegion is { } region)
                {
                    Emit(new RegionNarrowed(region));
                }
                Emit(new TrialProposed(reply.TrialId, proposal.Config, proposal.Round));
                Launch(_state.Trial(reply.TrialId));
                break;
            case WaitForResults:
                _waitingForResults = true;
                break;
            case SearchExhausted:
                _exhausted = true;
                break;
        }
        Fill();
    }

    private void Launch(TrialState trial)
    {
        var (fromEpoch, checkpoint) = ResumePoint(trial);
        Launch(trial, fromEpoch, checkpoint, trial.CurrentConfig);
    }

    private void Launch(TrialState trial, int fromEpoch, byte[]? checkpoint, TrialConfig config)
    {
        var attempt = trial.Attempt + 1;
        Emit(new TrialStarted(trial.Id, attempt, _node, fromEpoch, DateTimeOffset.UtcNow));
        _scheduler.Tell(new TrialLaunched(trial.Id, fromEpoch, config));
        var assignment = new TrialAssignment(_name, trial.Id, attempt, config,
            Seeds.Derive(Spec.Seed, Seeds.Purpose("trial"), trial.Id), fromEpoch, checkpoint, Spec);
        var child = Context.ActorOf(TrialActor.Props(assignment, Self, _storage.CheckpointWriter), $"trial-{trial.Id}-{attempt}");
        Context.Watch(child);
        _trials[trial.Id] = child;
    }

    /// <summary>A restarted trial continues from its newest checkpoint that the log covers; a new one from scratch.</summary>
    private (int Epoch, byte[]? Checkpoint) ResumePoint(TrialState trial)
    {
        if (trial.LastEpoch == 0)
        {
            return (0, null);
        }
        try
        {
            if (CheckpointPolicy.ResumeFrom(_storage.Checkpoints.Epochs(_name, trial.Id), trial.LastEpoch) is { } epoch &&
                _storage.Checkpoints.Load(_name, trial.Id, epoch) is { } data)
            {
                return (epoch, data);
            }
        }
        catch (Exception e)
        {
            Context.GetLogger().Warning("trial {0} restarts from scratch: its checkpoint could not be read ({1})", trial.Id, e.Message);
        }
        return (0, null);
    }

    private void OnEpoch(EpochCompleted report)
    {
        if (_stopping || !_state.HasTrial(report.TrialId) || !SweepState.AcceptsReport(_state.Trial(report.TrialId), report.Attempt, report.Epoch))
        {
            return;
        }
        Emit(new EpochReported(report.TrialId, report.Attempt, report.Epoch, report.Metrics, report.Seconds));
        var verdict = TrialRules.AfterEpoch(Spec, report.Epoch, report.Metrics);
        if (!_scheduler.IsNobody() && verdict != TrialVerdict.Diverged)
        {
            // The scheduler records every score, a trial's last one too: later trials are compared with it.
            _scheduler.Tell(new ScoreEpoch(report.TrialId, report.Attempt, report.Epoch,
                Score(report.Metrics.TryGetValue(Spec.Metric, out var value) ? value : null)));
            if (verdict == TrialVerdict.Continue)
            {
                return; // the scheduler's answer decides
            }
        }
        if (verdict == TrialVerdict.Continue)
        {
            ContinueTrial(report.TrialId, report.Attempt);
            return;
        }
        EndTrial(report.TrialId, report.Attempt, TrialRules.StatusOf(verdict), verdict == TrialVerdict.Diverged
            ? $"non-finite loss at epoch {report.Epoch}"
            : null);
    }

    private void OnSchedulerAnswer(SchedulerAnswer answer)
    {
        if (!_state.HasTrial(answer.TrialId) || _state.Trial(answer.TrialId) is not { Status: TrialStatus.Running } trial ||
            trial.Attempt != answer.Attempt || trial.LastEpoch != answer.Epoch)
        {
            return; // the trial ended meanwhile (its last epoch, a failure) or restarted
        }
        if (answer.Decision.Stop)
        {
            EndTrial(answer.TrialId, answer.Attempt, TrialStatus.Pruned, answer.Decision.Reason);
        }
        else if (answer.Decision.IsExploit)
        {
            BeginExploit(answer);
        }
        else
        {
            ContinueTrial(answer.TrialId, answer.Attempt);
        }
    }

    /// <summary>
    /// Population-based training's exploit, step 1: stop the trial between epochs (its slot stays taken) and
    /// let every queued checkpoint reach the database, so the donor's newest one can be read.
    /// </summary>
    private void BeginExploit(SchedulerAnswer answer)
    {
        if (_trials.TryGetValue(answer.TrialId, out var child))
        {
            Context.Unwatch(child);
            child.Tell(new StopTraining(answer.TrialId, answer.Attempt));
        }
        _trials[answer.TrialId] = ActorRefs.Nobody;
        _storage.CheckpointWriter.Ask<CheckpointsFlushed>(new FlushCheckpoints(), TimeSpan.FromSeconds(30))
            .ContinueWith(_ => new ExploitReady(answer), TaskScheduler.Default)
            .PipeTo(Self);
    }

    /// <summary>Step 2: continue the trial from the donor's newest checkpoint with the explored hyperparameters.</summary>
    private void Exploit(ExploitReady ready)
    {
        var answer = ready.Answer;
        if (_stopping || !_state.HasTrial(answer.TrialId) || _state.Trial(answer.TrialId) is not { Status: TrialStatus.Running } trial ||
            trial.Attempt != answer.Attempt)
        {
            return;
        }
        var donor = _state.Trial(answer.Decision.Donor!.Value);
        var donorEpoch = CheckpointPolicy.ResumeFrom(_storage.Checkpoints.Epochs(_name, donor.Id), donor.LastEpoch);
        var state = donorEpoch is { } epoch ? _storage.Checkpoints.Load(_name, donor.Id, epoch) : null;
        if (donorEpoch is null || state is null)
        {
            Launch(trial); // nothing to copy yet: the trial simply goes on
            return;
        }
        Emit(new TrialExploited(trial.Id, answer.Epoch, donor.Id, donorEpoch.Value, answer.Decision.NewConfig!, answer.Decision.Reason ?? "pbt"));
        // The copy becomes the trial's own checkpoint at this epoch, so a restart after a crash continues the new lineage.
        _storage.CheckpointWriter.Tell(new SaveCheckpoint(_name, trial.Id, trial.Attempt + 1, answer.Epoch, trial.BestValue, state, Spec.Goal));
        Launch(_state.Trial(trial.Id), answer.Epoch, state, answer.Decision.NewConfig!);
    }

    private void ContinueTrial(int trialId, int attempt)
    {
        if (!_stopping && _trials.TryGetValue(trialId, out var trial))
        {
            trial.Tell(new ContinueTraining(trialId, attempt));
        }
    }

    private sealed record ExploitReady(SchedulerAnswer Answer);

    /// <summary>A metric value as a score where larger is better; a missing or non-finite value is the worst.</summary>
    private double Score(double? value) =>
        value is { } v && double.IsFinite(v) ? Spec.Goal.Score(v) : double.NegativeInfinity;

    private void EndTrial(int trialId, int attempt, TrialStatus status, string? reason)
    {
        if (!_state.HasTrial(trialId) || _state.Trial(trialId).Attempt != attempt || _state.Trial(trialId).Status.IsFinished())
        {
            return;
        }
        Emit(new TrialEnded(trialId, attempt, status, reason, DateTimeOffset.UtcNow));
        if (_trials.Remove(trialId, out var child) && !child.IsNobody())
        {
            Context.Unwatch(child);
            child.Tell(new StopTraining(trialId, attempt));
        }
        var trial = _state.Trial(trialId);
        _strategy.Tell(new ObserveResult(trialId, status, trial.Value(Spec.Metric, Spec.Goal)));
        _waitingForResults = false;
        Fill();
    }

    private void OnTrialTerminated(Terminated terminated)
    {
        var entry = _trials.FirstOrDefault(pair => pair.Value.Equals(terminated.ActorRef));
        if (entry.Value is null || _stopping)
        {
            return;
        }
        var trial = _state.Trial(entry.Key);
        EndTrial(trial.Id, trial.Attempt, TrialStatus.Failed, "the trial stopped without reporting why");
    }

    private void Finish()
    {
        _finishing = true;
        Emit(new SweepCompleted(DateTimeOffset.UtcNow));
        DeferAsync(_state, state => _observer.Tell(new SweepFinished(state)));
    }

    private void Stop()
    {
        _stopping = true;
        foreach (var child in _trials.Values.Where(c => !c.IsNobody()))
        {
            Context.Unwatch(child);
            Context.Stop(child);
        }
        _trials.Clear();
        var replyTo = Sender;
        var writer = _storage.CheckpointWriter;
        DeferAsync(_state, state =>
        {
            // Checkpoints queued so far are written before the process may exit, so a resume loses no epoch of training.
            writer.Ask<CheckpointsFlushed>(new FlushCheckpoints(), TimeSpan.FromSeconds(5))
                .ContinueWith(_ => new SweepStopped(state), TaskScheduler.Default)
                .PipeTo(replyTo);
        });
    }

    /// <summary>Applies the event now and persists it in order; observers hear of it once it is durable.</summary>
    private void Emit(SweepEvent @event)
    {
        _state = _state.Apply(@event);
        var state = _state;
        _unwritten++;
        PersistAsync(@event, persisted =>
        {
            _unwritten--;
            _observer.Tell(new SweepEventPublished(persisted, state));
            SnapshotIfDue();
        });
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

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _observer.Tell(new SweepRejected($"the database refused a write: {cause.Message}", false));
        base.OnPersistFailure(cause, @event, sequenceNr);
    }
}
