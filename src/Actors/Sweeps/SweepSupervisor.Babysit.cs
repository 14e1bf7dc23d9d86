using ActorTune.Actors.Messages;
using ActorTune.Model.Events;
using ActorTune.Model.Space;
using ActorTune.Model.State;
using ActorTune.Model.Training;
using Akka.Actor;

namespace ActorTune.Actors.Sweeps;

/// <summary>
/// A babysitter's commands for the running trial (the seed's "panda"): pause, resume, set a hyperparameter,
/// roll back to an earlier epoch's checkpoint, stop. Each is an event in the log, at the epoch it took effect.
/// </summary>
public sealed partial class SweepSupervisor
{
    private readonly HashSet<int> _paused = new();
    private readonly Dictionary<int, int> _held = new();        // trial → attempt: reported, waiting for a word
    private readonly Dictionary<int, Relaunch> _pending = new(); // a set or rollback, applied once the trial is between epochs
    private readonly Dictionary<int, LaunchPlan> _parked = new();  // relaunched while paused: starts when resumed, not before

    /// <summary>Answered at once; applied to the running trial now or once it is between epochs.</summary>
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
        // An empty reply: the intervention's event, printed as it is logged, says it all (no echo twice).
        switch (command.Action)
        {
            case "pause":
                _paused.Add(trial.Id);
                // Between epochs it stops now; mid-epoch, once that epoch is done.
                Emit(new TrialIntervened(trial.Id, TakesEffectAfter(trial), "pause", "", DateTimeOffset.UtcNow));
                Sender.Tell(new InterventionReply(true, ""));
                break;
            case "resume":
                _paused.Remove(trial.Id);
                Emit(new TrialIntervened(trial.Id, TakesEffectAfter(trial), "resume", "", DateTimeOffset.UtcNow));
                Sender.Tell(new InterventionReply(true, ""));
                if (_parked.Remove(trial.Id, out var launch))
                {
                    Queue(trial.Id, launch); // a set or rollback made while paused starts training only now
                    AnnounceWork();
                }
                else if (_held.Remove(trial.Id, out var attempt))
                {
                    ContinueTrial(trial.Id, attempt);
                }
                break;
            case "set":
                var value = ParamValue.Parse(command.Value ?? "");
                var problem = command.Name is null ? "set NAME VALUE" : TrainableCatalog.ChangeProblem(Spec, command.Name, value);
                if (problem is not null)
                {
                    Sender.Tell(new InterventionReply(false, problem));
                    return;
                }
                var detail = $"{command.Name} = {value}";
                Schedule(trial, new Relaunch(trial.Id, trial.Attempt, Latest, trial.Id, null, trial.CurrentConfig.With(command.Name!, value),
                    $"set by the babysitter: {detail}", "set", detail), Sender);
                break;
            case "rollback":
                if (command.Epoch is not { } to || to < 1 || to >= epoch)
                {
                    Sender.Tell(new InterventionReply(false, RollbackRange(epoch)));
                    return;
                }
                // Whether that epoch has a checkpoint is the database's to say: asked off this thread, answered below.
                _trialStorage.Tell(new ReadCheckpoint(_name, trial.Id, epoch, to, new RollbackCheck(trial.Id, trial.Attempt, to, Sender)));
                break;
            case "stop":
                _paused.Remove(trial.Id);
                Emit(new TrialIntervened(trial.Id, epoch, "stop", "", DateTimeOffset.UtcNow));
                Sender.Tell(new InterventionReply(true, ""));
                // A slot kept for its relaunch (parked) goes to the next configuration as the decision settles.
                Decide(new TrialEnding(trial.Id, trial.Attempt, TrialStatus.Pruned, $"stopped by the babysitter after epoch {epoch}",
                    DateTimeOffset.UtcNow));
                break;
            default:
                Sender.Tell(new InterventionReply(false, $"unknown command '{command.Action}' (pause, resume, set, rollback, stop)"));
                break;
        }
    }

    private static string RollbackRange(int epoch) => $"rollback takes an earlier epoch with a checkpoint (1..{epoch - 1})";

    /// <summary>A rollback waiting to hear whether its epoch has a checkpoint.</summary>
    private sealed record RollbackCheck(int TrialId, int Attempt, int To, IActorRef ReplyTo);

    private void RollbackChecked(CheckpointRead read, RollbackCheck check)
    {
        if (!_state.HasTrial(check.TrialId) || _state.Trial(check.TrialId) is not { Status: TrialStatus.Running } trial || trial.Attempt != check.Attempt)
        {
            check.ReplyTo.Tell(new InterventionReply(false, $"trial {check.TrialId} ended or restarted before the rollback"));
            return;
        }
        if (read.Data is null)
        {
            check.ReplyTo.Tell(new InterventionReply(false, RollbackRange(trial.LastEpoch)));
            return;
        }
        Schedule(trial, new Relaunch(trial.Id, trial.Attempt, check.To, trial.Id, check.To, trial.CurrentConfig, null, "rollback", $"to epoch {check.To}"),
            check.ReplyTo);
    }

    /// <summary>The epoch after which a command given now takes effect: the one the trial stands at, or the one it is training.</summary>
    private int TakesEffectAfter(TrialState trial) =>
        _parked.TryGetValue(trial.Id, out var launch) ? launch.FromEpoch
        : _held.ContainsKey(trial.Id) || _relaunching.Contains(trial.Id) ? trial.LastEpoch
        : trial.LastEpoch + 1;

    /// <summary>Applies a set or rollback now if the trial is between epochs (held or parked), else after its current epoch.</summary>
    private void Schedule(TrialState trial, Relaunch plan, IActorRef replyTo)
    {
        if (_parked.Remove(trial.Id, out var parked))
        {
            // Paused after an earlier set or rollback: this one builds on it, from the same epoch.
            replyTo.Tell(new InterventionReply(true, ""));
            var from = plan.FromEpoch == Latest ? parked.FromEpoch : plan.FromEpoch;
            Apply(plan with { Attempt = trial.Attempt, FromEpoch = from, SourceEpoch = plan.FromEpoch == Latest ? from : plan.SourceEpoch },
                parked.FromEpoch);
            return;
        }
        if (_held.Remove(trial.Id, out var attempt))
        {
            replyTo.Tell(new InterventionReply(true, ""));
            Apply(plan with { Attempt = attempt });
            return;
        }
        _pending[trial.Id] = plan;
        replyTo.Tell(new InterventionReply(true, $"trial {trial.Id}: {plan.Action} {plan.Detail} after its current epoch"));
    }

    /// <summary>Records the intervention at the epoch it takes effect and relaunches the trial from there.</summary>
    /// <param name="after">The epoch the trial stands at, if not its last reported one (a relaunch waiting for "resume").</param>
    private void Apply(Relaunch plan, int? after = null)
    {
        var epoch = after ?? _state.Trial(plan.TrialId).LastEpoch;
        var resolved = plan.FromEpoch == Latest ? plan with { FromEpoch = epoch, SourceEpoch = epoch } : plan;
        Emit(new TrialIntervened(plan.TrialId, epoch, plan.Action!, plan.Detail!, DateTimeOffset.UtcNow));
        BeginRelaunch(resolved);
    }

    /// <summary>
    /// A relaunched trial starts at once, unless its babysitter paused it: then it waits, still holding its slot
    /// (it stays "relaunching"), until "resume" — so a set while paused trains no epoch before the resume.
    /// </summary>
    private void QueueOrPark(int trialId, LaunchPlan plan)
    {
        if (_paused.Contains(trialId))
        {
            _parked[trialId] = plan;
            return;
        }
        Queue(trialId, plan);
    }
}
