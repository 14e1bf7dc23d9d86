using System.Collections.Immutable;
using System.Diagnostics;
using ActorTune.Actors.Messages;
using ActorTune.Model.Checkpoints;
using ActorTune.Model.State;
using ActorTune.Model.Training;
using ActorTune.Model.Training.Objectives;
using Akka.Actor;

namespace ActorTune.Actors.Trials;

/// <summary>
/// Trains one attempt of one trial, one epoch per message, so it can be stopped between epochs. A worker starts
/// it on its node; it runs on the trial dispatcher (its own threads), continues from the assignment's checkpoint if it has one, saves a
/// checkpoint every <c>checkpoint-every</c> epochs, reports every epoch to the supervisor and waits for its
/// word before the next one. A trainer that throws ends the trial as failed; the sweep goes on.
/// </summary>
public sealed class TrialActor : ReceiveActor
{
    public const string Dispatcher = "actortune.trial-dispatcher";

    /// <summary>
    /// How often, at most, a running trial's log is written (after an epoch, when it grew), so the dashboard can show
    /// it growing; the whole (capped) log each time, as at the end.
    /// </summary>
    public static readonly TimeSpan LogEvery = TimeSpan.FromSeconds(1);

    private readonly TrialAssignment _assignment;
    private readonly IActorRef _supervisor;
    private readonly bool _runsOnItsOwn;
    private ITrainable? _trainable;
    private int _epoch;
    private string _logSaved = "";
    private DateTime _logSavedAt = DateTime.MinValue;

    public TrialActor(TrialAssignment assignment, IActorRef supervisor)
    {
        _assignment = assignment;
        _supervisor = supervisor;
        _epoch = assignment.FromEpoch;
        _runsOnItsOwn = TrialRules.RunsOnItsOwn(assignment.Spec);
        Receive<Start>(_ => RunNextEpoch());
        // The next epoch runs in this message: no extra hop through the mailbox between epochs.
        Receive<ContinueTraining>(m => m.Attempt == _assignment.Attempt && !_runsOnItsOwn, _ => RunNextEpoch());
        Receive<StopTraining>(_ => Context.Stop(Self));
        // The supervisor is gone (its node was lost, the sweep moved): this attempt's results have nowhere to go.
        Receive<Terminated>(t => t.ActorRef.Equals(_supervisor), _ => Context.Stop(Self));
    }

    public static Props Props(TrialAssignment assignment, IActorRef supervisor) =>
        Akka.Actor.Props.Create(() => new TrialActor(assignment, supervisor)).WithDispatcher(Dispatcher);

    protected override void PreStart()
    {
        Context.Watch(_supervisor);
        Self.Tell(Start.Instance);
    }

    protected override void PostStop()
    {
        _trainable?.Dispose();
        // After Dispose, so the log is complete; through the supervisor, so it lands in the sweep's database wherever this ran.
        if (_trainable is ITrainableLog { Log: { Length: > 0 } text } && text != _logSaved)
        {
            _supervisor.Tell(new SaveTrialLog(_assignment.Sweep, _assignment.TrialId, _assignment.Attempt, text));
        }
    }

    private void SaveLogIfDue()
    {
        if (_trainable is not ITrainableLog logged || DateTime.UtcNow - _logSavedAt < LogEvery)
        {
            return;
        }
        _logSavedAt = DateTime.UtcNow;
        var text = logged.Log;
        if (text.Length > 0 && text != _logSaved)
        {
            _logSaved = text;
            _supervisor.Tell(new SaveTrialLog(_assignment.Sweep, _assignment.TrialId, _assignment.Attempt, text));
        }
    }

    private void RunNextEpoch()
    {
        var epoch = _epoch + 1;
        var spec = _assignment.Spec;
        try
        {
            var clock = Stopwatch.StartNew();
            _trainable ??= Create();
            IReadOnlyDictionary<string, double> metrics;
            try
            {
                metrics = _trainable.RunEpoch(epoch);
            }
            finally
            {
                TellDeclared();
            }
            var seconds = clock.Elapsed.TotalSeconds;
            _epoch = epoch;
            if (CheckpointPolicy.IsDue(epoch, spec.CheckpointEvery, spec.Epochs))
            {
                // Through the supervisor: wherever this trial runs, checkpoints land in the sweep's own database.
                _supervisor.Tell(new SaveCheckpoint(_assignment.Sweep, _assignment.TrialId, _assignment.Attempt, epoch,
                    metrics.TryGetValue(spec.Metric, out var value) ? value : null, _trainable.SaveCheckpoint(), spec.Goal, spec.Babysit));
            }
            _supervisor.Tell(new EpochCompleted(_assignment.TrialId, _assignment.Attempt, epoch,
                metrics.ToImmutableSortedDictionary(StringComparer.Ordinal), seconds));
            SaveLogIfDue();
            if (_runsOnItsOwn && TrialRules.AfterEpoch(spec, epoch, metrics) == TrialVerdict.Continue)
            {
                // Nothing but the budget or divergence stops it, and it knows both: go on without a round trip to the
                // supervisor. Through the mailbox, so a StopTraining that arrived meanwhile comes first.
                Self.Tell(Start.Instance);
            }
        }
        catch (TrainingEndedException ended)
        {
            _supervisor.Tell(new TrialEndedEarly(_assignment.TrialId, _assignment.Attempt, ended.Status, ended.Reason));
            Context.Stop(Self);
        }
        catch (TrainingInterruptedException)
        {
            // Its program is stopping the sweep, which has already stopped this trial: nothing to report, it resumes later.
            Context.Stop(Self);
        }
        catch (Exception e)
        {
            _supervisor.Tell(new TrialFailed(_assignment.TrialId, _assignment.Attempt, $"epoch {epoch}: {e.GetType().Name}: {e.Message}"));
            Context.Stop(Self);
        }
    }

    /// <summary>Define-by-run: parameters the objective declared reach the supervisor before the report that used them.</summary>
    private void TellDeclared()
    {
        if (_trainable is IDeclaresParameters declares && declares.TakeDeclared() is { } declared)
        {
            _supervisor.Tell(new TrialDeclaredParameters(_assignment.TrialId, _assignment.Attempt, declared.Parameters, declared.Values));
        }
    }

    private ITrainable Create()
    {
        var spec = _assignment.Spec;
        var trainable = TrainableCatalog.Create(spec, _assignment.TrialId, _assignment.Config, _assignment.Seed);
        if (_assignment.Checkpoint is { } checkpoint)
        {
            trainable.LoadCheckpoint(checkpoint);
        }
        return trainable;
    }

    private sealed class Start
    {
        public static readonly Start Instance = new();
    }
}
