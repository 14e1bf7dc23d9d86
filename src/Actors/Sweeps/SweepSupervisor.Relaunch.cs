using ActorTune.Actors.Messages;
using ActorTune.Model.Events;
using ActorTune.Model.Space;
using ActorTune.Model.State;
using Akka.Actor;
using Akka.Event;

namespace ActorTune.Actors.Sweeps;

/// <summary>
/// Continuing a trial from a checkpoint: after a crash, a lost node or a pause (its own newest one the log covers),
/// after population-based training's exploit (the donor's), after a babysitter's set or rollback (its own). The
/// checkpoint is read by the trial storage actor, which answers with a <see cref="CheckpointRead"/> carrying what it was
/// read for; until then the trial counts as waiting for a slot ("relaunching"), so the sweep neither ends nor gives its
/// slot to a new proposal.
/// </summary>
public sealed partial class SweepSupervisor
{
    /// <summary>Continue trial <see cref="TrialId"/> after <see cref="FromEpoch"/> from <see cref="Source"/>'s checkpoint (newest if no epoch) with <see cref="Config"/>.</summary>
    /// <param name="ChangeReason">Why the hyperparameters change (recorded as <see cref="TrialConfigChanged"/>), or null if they do not.</param>
    /// <param name="Action">The babysitter's command behind it (set, rollback), or null for population-based training.</param>
    private sealed record Relaunch(int TrialId, int Attempt, int FromEpoch, int Source, int? SourceEpoch, TrialConfig Config, string? ChangeReason,
        string? Action = null, string? Detail = null);

    /// <summary>What a <see cref="ReadCheckpoint"/> for a trial's own resume point was for: its attempt then.</summary>
    private sealed record ResumeRead(int Attempt);

    /// <summary>A <see cref="Relaunch.FromEpoch"/> meaning "the epoch the trial has reached when the change applies".</summary>
    private const int Latest = -1;

    /// <summary>A restarted trial continues from its newest checkpoint that the log covers; a new one from scratch.</summary>
    private void Resume(TrialState trial)
    {
        if (trial.LastEpoch == 0)
        {
            QueueOrPark(trial.Id, new LaunchPlan(0, null, trial.CurrentConfig));
            return;
        }
        _relaunching.Add(trial.Id);
        _trialStorage.Tell(new ReadCheckpoint(_name, trial.Id, trial.LastEpoch, null, new ResumeRead(trial.Attempt)));
    }

    /// <summary>
    /// Step 1: stop the trial between epochs and ask for the source's checkpoint (the trial storage writes every queued
    /// checkpoint first, so the source's newest one is there).
    /// </summary>
    private void BeginRelaunch(Relaunch plan)
    {
        _relaunching.Add(plan.TrialId);
        StopPlaced(plan.TrialId, plan.Attempt);
        _held.Remove(plan.TrialId);
        _trialStorage.Tell(new ReadCheckpoint(_name, plan.Source, _state.Trial(plan.Source).LastEpoch, plan.SourceEpoch, plan));
    }

    private void OnCheckpointRead(CheckpointRead read)
    {
        switch (read.Context)
        {
            case ResumeRead resume:
                Resumed(read, resume);
                break;
            case Relaunch plan:
                Relaunched(read, plan);
                break;
            case RollbackCheck check:
                RollbackChecked(read, check);
                break;
        }
    }

    /// <summary>The trial is still waiting for this very read (not ended, paused or restarted meanwhile).</summary>
    private bool AwaitsRead(int trialId, int attempt) =>
        _relaunching.Contains(trialId) && _state.HasTrial(trialId) && _state.Trial(trialId) is { } trial &&
        !trial.Status.IsFinished() && trial.Attempt == attempt;

    private void Resumed(CheckpointRead read, ResumeRead resume)
    {
        if (!AwaitsRead(read.TrialId, resume.Attempt))
        {
            return;
        }
        if (read.Problem is { } problem)
        {
            Context.GetLogger().Warning("trial {0} restarts from scratch: its checkpoint could not be read ({1})", read.TrialId, problem);
        }
        var trial = _state.Trial(read.TrialId);
        QueueOrPark(trial.Id, read is { Epoch: { } epoch, Data: { } data }
            ? new LaunchPlan(epoch, data, trial.CurrentConfig)
            : new LaunchPlan(0, null, trial.CurrentConfig));
        AnnounceWork();
        Decide(new Settle(DateTimeOffset.UtcNow), settle: false);
    }

    /// <summary>Step 2: queue the trial's new attempt to start from the source checkpoint (or go on as it was, with none).</summary>
    private void Relaunched(CheckpointRead read, Relaunch plan)
    {
        if (!AwaitsRead(plan.TrialId, plan.Attempt))
        {
            return; // it ended (and left the queue) or the sweep paused (and cleared it) meanwhile
        }
        var trial = _state.Trial(plan.TrialId);
        if (read is not { Epoch: { } sourceEpoch, Data: { } state })
        {
            Resume(trial); // nothing to continue from: the trial goes on as it was
            return;
        }
        if (plan.ChangeReason is { } reason)
        {
            Emit(new TrialConfigChanged(trial.Id, plan.FromEpoch, plan.Source, sourceEpoch, plan.Config, reason));
        }
        if (plan.Source != trial.Id)
        {
            // The copy becomes the trial's own checkpoint at this epoch, so a restart after a crash continues the new lineage.
            _trialStorage.Tell(new SaveCheckpoint(_name, trial.Id, trial.Attempt + 1, plan.FromEpoch, trial.BestValue, state,
                Spec.Goal, Spec.Babysit));
        }
        QueueOrPark(trial.Id, new LaunchPlan(plan.FromEpoch, state, plan.Config));
        AnnounceWork();
    }
}
