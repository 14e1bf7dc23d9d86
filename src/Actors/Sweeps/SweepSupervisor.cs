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
    private readonly HashSet<int> _paused = new();
    private readonly Dictionary<int, int> _held = new();        // trial → attempt: reported, waiting for a word
    private readonly Dictionary<int, Relaunch> _pending = new(); // a babysitter's set/rollback, applied once the trial is idle

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
        Command<RelaunchReady>(ready => Relaunched(ready.Plan));
        Command<Intervene>(OnIntervene);
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

    private void BeginExploit(SchedulerAnswer answer) => BeginRelaunch(new Relaunch(answer.TrialId, answer.Attempt, answer.Epoch,
        answer.Decision.Donor!.Value, null, answer.Decision.NewConfig!, answer.Decision.Reason ?? "pbt"));

    /// <summary>
    /// A trial continues in a new attempt from some trial's checkpoint, possibly with new hyperparameters
    /// (population-based training's exploit, a babysitter's set or rollback). Step 1: stop it between epochs (its
    /// slot stays taken) and let every queued checkpoint reach the database.
    /// </summary>
    private void BeginRelaunch(Relaunch plan)
    {
        if (_trials.TryGetValue(plan.TrialId, out var child) && !child.IsNobody())
        {
            Context.Unwatch(child);
            child.Tell(new StopTraining(plan.TrialId, plan.Attempt));
        }
        _trials[plan.TrialId] = ActorRefs.Nobody;
        _held.Remove(plan.TrialId);
        _storage.CheckpointWriter.Ask<CheckpointsFlushed>(new FlushCheckpoints(), TimeSpan.FromSeconds(30))
            .ContinueWith(_ => new RelaunchReady(plan), TaskScheduler.Default)
            .PipeTo(Self);
    }

    /// <summary>Step 2: read the source checkpoint and start the new attempt from it.</summary>
    private void Relaunched(Relaunch plan)
    {
        if (_stopping || !_state.HasTrial(plan.TrialId) || _state.Trial(plan.TrialId) is not { Status: TrialStatus.Running } trial ||
            trial.Attempt != plan.Attempt)
        {
            return;
        }
        var source = _state.Trial(plan.Source);
        var sourceEpoch = plan.SourceEpoch ?? CheckpointPolicy.ResumeFrom(_storage.Checkpoints.Epochs(_name, source.Id), source.LastEpoch);
        var state = sourceEpoch is { } epoch ? _storage.Checkpoints.Load(_name, source.Id, epoch) : null;
        if (sourceEpoch is null || state is null)
        {
            Launch(trial); // nothing to continue from: the trial goes on as it was
            return;
        }
        if (plan.ChangeReason is { } reason)
        {
            Emit(new TrialConfigChanged(trial.Id, plan.FromEpoch, source.Id, sourceEpoch.Value, plan.Config, reason));
        }
        if (source.Id != trial.Id)
        {
            // The copy becomes the trial's own checkpoint at this epoch, so a restart after a crash continues the new lineage.
            _storage.CheckpointWriter.Tell(new SaveCheckpoint(_name, trial.Id, trial.Attempt + 1, plan.FromEpoch, trial.BestValue, state, Spec.Goal, Spec.Babysit));
        }
        Launch(_state.Trial(trial.Id), plan.FromEpoch, state, plan.Config);
    }

    /// <summary>A babysitter's command: answered at once, applied to the running trial now or once it is between epochs.</summary>
    private void OnIntervene(Intervene command)
    {
        var running = _state.Trials.Where(t => t.Status == TrialStatus.Running).ToList();
        if (running.Count != 1)
        {
            Sender.Tell(new InterventionReply(false, running.Count == 0 ? "no trial is running" : "more than one trial is running"));
            return;
        }
        var trial = running[0];
        var epoch = trial.LastEpoch;
        switch (command.Action)
        {
            case "pause":
                _paused.Add(trial.Id);
                // Between epochs it stops now; mid-epoch, once that epoch is done.
                Emit(new TrialIntervened(trial.Id, _held.ContainsKey(trial.Id) ? epoch : epoch + 1, "pause", "", DateTimeOffset.UtcNow));
                Sender.Tell(new InterventionReply(true, $"trial {trial.Id} pauses after its current epoch"));
                break;
            case "resume":
                _paused.Remove(trial.Id);
                Emit(new TrialIntervened(trial.Id, epoch, "resume", "", DateTimeOffset.UtcNow));
                Sender.Tell(new InterventionReply(true, $"trial {trial.Id} goes on"));
                if (_held.Remove(trial.Id, out var attempt))
                {
                    ContinueTrial(trial.Id, attempt);
                }
                break;
            case "set":
                var value = Model.Space.ParamValue.Parse(command.Value ?? "");
                var problem = command.Name is null ? "set NAME VALUE" : TrainableCatalog.ChangeProblem(Spec, command.Name, value);
                if (problem is not null)
                {
                    Sender.Tell(new InterventionReply(false, problem));
                    return;
                }
                var detail = $"{command.Name} = {value}";
                Schedule(trial, new Relaunch(trial.Id, trial.Attempt, Latest, trial.Id, null, trial.CurrentConfig.With(command.Name!, value),
                    $"set by the babysitter: {detail}", "set", detail));
                break;
            case "rollback":
                if (command.Epoch is not { } to || to < 1 || to >= epoch || !_storage.Checkpoints.Epochs(_name, trial.Id).Contains(to))
                {
                    Sender.Tell(new InterventionReply(false, $"rollback takes an earlier epoch with a checkpoint (1..{epoch - 1})"));
                    return;
                }
                Schedule(trial, new Relaunch(trial.Id, trial.Attempt, to, trial.Id, to, trial.CurrentConfig, null, "rollback", $"to epoch {to}"));
                break;
            case "stop":
                _paused.Remove(trial.Id);
                Emit(new TrialIntervened(trial.Id, epoch, "stop", "", DateTimeOffset.UtcNow));
                Sender.Tell(new InterventionReply(true, $"trial {trial.Id} stopped after epoch {epoch}"));
                EndTrial(trial.Id, trial.Attempt, TrialStatus.Pruned, $"stopped by the babysitter after epoch {epoch}");
                break;
            default:
                Sender.Tell(new InterventionReply(false, $"unknown command '{command.Action}' (pause, resume, set, rollback, stop)"));
                break;
        }
    }

    /// <summary>Applies a set or rollback now if the trial is between epochs (held), else after its current epoch.</summary>
    private void Schedule(TrialState trial, Relaunch plan)
    {
        if (_held.Remove(trial.Id, out var attempt))
        {
            Sender.Tell(new InterventionReply(true, $"trial {trial.Id}: {plan.Action} {plan.Detail}"));
            Apply(plan with { Attempt = attempt });
            return;
        }
        _pending[trial.Id] = plan;
        Sender.Tell(new InterventionReply(true, $"trial {trial.Id}: {plan.Action} {plan.Detail} after its current epoch"));
    }

    /// <summary>Records the intervention at the epoch it takes effect and relaunches the trial from there.</summary>
    private void Apply(Relaunch plan)
    {
        var epoch = _state.Trial(plan.TrialId).LastEpoch;
        var resolved = plan.FromEpoch == Latest ? plan with { FromEpoch = epoch, SourceEpoch = epoch } : plan;
        Emit(new TrialIntervened(plan.TrialId, epoch, plan.Action!, plan.Detail!, DateTimeOffset.UtcNow));
        BeginRelaunch(resolved);
    }

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
        if (!_stopping && _trials.TryGetValue(trialId, out var trial))
        {
            trial.Tell(new ContinueTraining(trialId, attempt));
        }
    }

    /// <summary>Continue trial <see cref="TrialId"/> after <see cref="FromEpoch"/> from <see cref="Source"/>'s checkpoint (newest if no epoch) with <see cref="Config"/>.</summary>
    /// <param name="Action">The babysitter's command behind it (set, rollback), or null for population-based training.</param>
    private sealed record Relaunch(int TrialId, int Attempt, int FromEpoch, int Source, int? SourceEpoch, TrialConfig Config, string? ChangeReason,
        string? Action = null, string? Detail = null);

    /// <summary>A <see cref="Relaunch.FromEpoch"/> meaning "the epoch the trial has reached when the change applies".</summary>
    private const int Latest = -1;

    private sealed record RelaunchReady(Relaunch Plan);

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
        _paused.Remove(trialId);
        _held.Remove(trialId);
        _pending.Remove(trialId);
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
