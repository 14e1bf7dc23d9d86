using ActorTune.Actors.Messages;
using ActorTune.Model.Events;
using ActorTune.Model.State;
using Akka.Actor;

namespace ActorTune.Actors.Sweeps;

/// <summary>
/// Pause, continue and cancel, for a sweep on a long-lived host. Pausing stops the running trials between
/// epochs and frees their slots for other sweeps; continuing picks them up from their checkpoints; cancelling
/// ends the unfinished trials as pruned and the sweep for good. Each is an event in the log.
/// </summary>
public sealed partial class SweepSupervisor
{
    private sealed record RequeueAfterPause;

    private bool IsPaused => _state.Status == SweepStatus.Paused;

    private void OnControl(ControlSweep control)
    {
        var now = DateTimeOffset.UtcNow;
        switch (control.Action)
        {
            case "pause" when _state.Status == SweepStatus.Running && !_finishing:
                Emit(new SweepPaused(control.By, now));
                StopAllPlaced();
                _queue.Clear();
                _plans.Clear();
                _relaunching.Clear();
                ReleaseWaitingWorkers();
                Timers.Cancel("announce");
                Sender.Tell(new ControlReply(true, $"sweep {_name} paused: its trials stop after their current epoch"));
                break;
            case "continue" when IsPaused:
                Emit(new SweepContinued(control.By, now));
                // The paused trials' last checkpoints may still be on their way to the database.
                _storage.TrialStorageWriter.Ask<CheckpointsFlushed>(new FlushCheckpoints(), TimeSpan.FromSeconds(30))
                    .ContinueWith(_ => new RequeueAfterPause(), TaskScheduler.Default)
                    .PipeTo(Self);
                Sender.Tell(new ControlReply(true, $"sweep {_name} continues"));
                break;
            case "cancel" when !_state.Status.IsFinal() && !_finishing:
                StopAllPlaced();
                foreach (var trial in SweepRules.Unfinished(_state))
                {
                    Emit(new TrialEnded(trial.Id, trial.Attempt, TrialStatus.Pruned, $"sweep cancelled by {control.By}", now));
                }
                Emit(new SweepCancelled(control.By, now));
                _finishing = true;
                Timers.CancelAll();
                ReleaseWaitingWorkers();
                AfterWritten(state => Publish(new SweepFinished(state)));
                Sender.Tell(new ControlReply(true, $"sweep {_name} cancelled"));
                break;
            case "pause" or "continue" or "cancel":
                Sender.Tell(new ControlReply(false, $"sweep {_name} is {_state.Status.ToName()}: it cannot {control.Action}"));
                break;
            default:
                Sender.Tell(new ControlReply(false, $"unknown action '{control.Action}' (pause, continue, cancel)"));
                break;
        }
    }

    /// <summary>After a continue: the trials that were running when paused go back in the queue from their checkpoints.</summary>
    private void RequeuePaused()
    {
        if (IsPaused || _finishing)
        {
            return;
        }
        foreach (var trial in SweepRules.Unfinished(_state).Where(t => !_placed.ContainsKey(t.Id)))
        {
            Queue(trial.Id, ResumePoint(trial));
        }
        AnnounceWork();
        CheckDone();
    }
}
