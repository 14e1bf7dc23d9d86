using ActorTune.Actors.Messages;
using ActorTune.Model.Checkpoints;
using ActorTune.Model.Events;
using ActorTune.Model.Space;
using ActorTune.Model.State;
using Akka.Actor;
using Akka.Event;

namespace ActorTune.Actors.Sweeps;

/// <summary>
/// Continuing a trial from a checkpoint: after a crash or a lost node (its own newest one the log covers),
/// after population-based training's exploit (the donor's), after a babysitter's set or rollback (its own).
/// </summary>
public sealed partial class SweepSupervisor
{
    /// <summary>Continue trial <see cref="TrialId"/> after <see cref="FromEpoch"/> from <see cref="Source"/>'s checkpoint (newest if no epoch) with <see cref="Config"/>.</summary>
    /// <param name="ChangeReason">Why the hyperparameters change (recorded as <see cref="TrialConfigChanged"/>), or null if they do not.</param>
    /// <param name="Action">The babysitter's command behind it (set, rollback), or null for population-based training.</param>
    private sealed record Relaunch(int TrialId, int Attempt, int FromEpoch, int Source, int? SourceEpoch, TrialConfig Config, string? ChangeReason,
        string? Action = null, string? Detail = null);

    private sealed record RelaunchReady(Relaunch Plan);

    /// <summary>A <see cref="Relaunch.FromEpoch"/> meaning "the epoch the trial has reached when the change applies".</summary>
    private const int Latest = -1;

    /// <summary>A restarted trial continues from its newest checkpoint that the log covers; a new one from scratch.</summary>
    private LaunchPlan ResumePoint(TrialState trial)
    {
        if (trial.LastEpoch == 0)
        {
            return new LaunchPlan(0, null, trial.CurrentConfig);
        }
        try
        {
            if (CheckpointPolicy.ResumeFrom(_storage.Checkpoints.Epochs(_name, trial.Id), trial.LastEpoch) is { } epoch &&
                _storage.Checkpoints.Load(_name, trial.Id, epoch) is { } data)
            {
                return new LaunchPlan(epoch, data, trial.CurrentConfig);
            }
        }
        catch (Exception e)
        {
            Context.GetLogger().Warning("trial {0} restarts from scratch: its checkpoint could not be read ({1})", trial.Id, e.Message);
        }
        return new LaunchPlan(0, null, trial.CurrentConfig);
    }

    /// <summary>
    /// Step 1: stop the trial between epochs and let every queued checkpoint reach the database, so the source's
    /// newest one can be read.
    /// </summary>
    private void BeginRelaunch(Relaunch plan)
    {
        _relaunching.Add(plan.TrialId);
        StopPlaced(plan.TrialId, plan.Attempt);
        _held.Remove(plan.TrialId);
        _storage.TrialStorageWriter.Ask<CheckpointsFlushed>(new FlushCheckpoints(), TimeSpan.FromSeconds(30))
            .ContinueWith(_ => new RelaunchReady(plan), TaskScheduler.Default)
            .PipeTo(Self);
    }

    /// <summary>Step 2: read the source checkpoint and queue the trial's new attempt to start from it.</summary>
    private void Relaunched(Relaunch plan)
    {
        if (_flow.Phase == SweepPhase.Stopping || !_state.HasTrial(plan.TrialId) || _state.Trial(plan.TrialId) is not { Status: TrialStatus.Running } trial ||
            trial.Attempt != plan.Attempt)
        {
            _relaunching.Remove(plan.TrialId);
            return;
        }
        var source = _state.Trial(plan.Source);
        var sourceEpoch = plan.SourceEpoch ?? CheckpointPolicy.ResumeFrom(_storage.Checkpoints.Epochs(_name, source.Id), source.LastEpoch);
        var state = sourceEpoch is { } epoch ? _storage.Checkpoints.Load(_name, source.Id, epoch) : null;
        if (sourceEpoch is null || state is null)
        {
            QueueOrPark(trial.Id, ResumePoint(trial)); // nothing to continue from: the trial goes on as it was
        }
        else
        {
            if (plan.ChangeReason is { } reason)
            {
                Emit(new TrialConfigChanged(trial.Id, plan.FromEpoch, source.Id, sourceEpoch.Value, plan.Config, reason));
            }
            if (source.Id != trial.Id)
            {
                // The copy becomes the trial's own checkpoint at this epoch, so a restart after a crash continues the new lineage.
                _storage.TrialStorageWriter.Tell(new SaveCheckpoint(_name, trial.Id, trial.Attempt + 1, plan.FromEpoch, trial.BestValue, state,
                    Spec.Goal, Spec.Babysit));
            }
            QueueOrPark(trial.Id, new LaunchPlan(plan.FromEpoch, state, plan.Config));
        }
        AnnounceWork();
    }
}
