using ActorTune.Actors.Messages;
using ActorTune.Model.State;

namespace ActorTune.Actors.Sweeps;

/// <summary>
/// Pause, continue and cancel, for a sweep on a long-lived host. Pausing stops the running trials between
/// epochs and frees their slots for other sweeps; continuing picks them up from their checkpoints; cancelling
/// ends the unfinished trials as pruned and the sweep for good. Each is an event in the log.
/// </summary>
public sealed partial class SweepSupervisor
{
    private bool IsPaused => _state.Status == SweepStatus.Paused;

    private void OnControl(ControlSweep control) => Decide(new ControlRequested(control.Action, control.By, DateTimeOffset.UtcNow));

    /// <summary>A pause: nothing queued starts until the sweep continues.</summary>
    private void ClearQueue()
    {
        _queue.Clear();
        _plans.Clear();
        _relaunching.Clear();
        Timers.Cancel("announce");
    }

    /// <summary>
    /// After a continue: the trials that were running when paused go back in the queue from their checkpoints (read after
    /// the paused trials' last ones are written: the trial storage writes what is queued before it reads).
    /// </summary>
    private void RequeuePaused()
    {
        foreach (var trial in SweepRules.Unfinished(_state).Where(t => !_placed.ContainsKey(t.Id) && !_relaunching.Contains(t.Id)))
        {
            Resume(trial);
        }
        AnnounceWork();
    }
}
