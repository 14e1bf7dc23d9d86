using System.Diagnostics;
using ActorTune.Actors.Messages;
using ActorTune.Model.Events;
using ActorTune.Model.State;
using Akka.Actor;

namespace ActorTune.Actors.Sweeps;

/// <summary>
/// Carrying out <see cref="SweepDecider"/>'s decisions: its events are queued for the journal (already applied),
/// its effects done here — the only place this actor turns a decision into messages. Also the sweep's clock,
/// which the time budget is measured on.
/// </summary>
public sealed partial class SweepSupervisor
{
    private const string ClockTimer = "clock";
    private const string DeadlineTimer = "deadline";
    private readonly Stopwatch _clock = new();
    private double _clockBase;

    private sealed record FinishedAndSaved(SweepState State);

    private sealed class ClockTick
    {
        public static readonly ClockTick Instance = new();
    }

    /// <summary>Inputs decided by this actor while carrying out a decision (the scheduler's answers), decided right after it.</summary>
    private readonly Queue<SweepInput> _followUps = new();

    /// <summary>Decides on <paramref name="input"/> and carries it out; then settles (proposes, ends the sweep) unless told not to.</summary>
    private void Decide(SweepInput input, bool settle = true)
    {
        Carry(SweepDecider.Decide(_state, _flow, Load, input));
        while (_followUps.TryDequeue(out var next))
        {
            Carry(SweepDecider.Decide(_state, _flow, Load, next));
        }
        if (settle)
        {
            Carry(SweepDecider.Decide(_state, _flow, Load, new Settle(DateTimeOffset.UtcNow)));
        }
    }

    private void Carry(SweepDecision decision)
    {
        var count = _state.EventCount;
        var phase = _flow.Phase;
        _state = decision.State;
        _flow = decision.Flow;
        if (_flow.Phase != phase)
        {
            BecomeFor(_flow.Phase);
        }
        foreach (var @event in decision.Events)
        {
            Enqueue(@event, ++count);
        }
        foreach (var effect in decision.Effects)
        {
            Do(effect);
        }
    }

    private void Do(SweepEffect effect)
    {
        switch (effect)
        {
            case AskStrategy ask:
                _strategy.Tell(new ProposeNext(ask.TrialId));
                break;
            case TellStrategy result:
                _strategy.Tell(new ObserveResult(result.TrialId, result.Status, result.Value));
                break;
            case LaunchProposed launch:
                LaunchProposed(launch.TrialId, launch.Config);
                break;
            case Model.State.ReleaseWaitingWorkers:
                ReleaseWaitingWorkers();
                break;
            case NoteReporter note:
                TrialReporting(note.TrialId, note.Attempt, Sender);
                break;
            case AskScheduler ask:
                // Pure and cheap: decided here, not in a round trip to another actor per epoch.
                _followUps.Enqueue(new SchedulerAnswered(ask.TrialId, ask.Attempt, ask.Epoch,
                    _scheduling!.Decide(ask.TrialId, ask.Epoch, ask.Score)));
                break;
            case ContinueTrial next:
                ContinueTrial(next.TrialId, next.Attempt);
                break;
            case ForgetTrial forget:
                Forget(forget.TrialId, forget.Attempt);
                break;
            case RelaunchFromDonor exploit:
                BeginRelaunch(new Relaunch(exploit.TrialId, exploit.Attempt, exploit.Epoch, exploit.Donor, null, exploit.Config, exploit.Reason));
                break;
            case StopAllTrials:
                StopAllPlaced();
                break;
            case Model.State.ClearQueue:
                ClearQueue();
                break;
            case RequeueUnfinished:
                RequeuePaused();
                break;
            case Model.State.AnnounceWork:
                AnnounceWork();
                break;
            case PublishFinished:
                Timers.CancelAll();
                PublishFinishedWhenSaved();
                break;
            case ReplyToControl reply:
                Sender.Tell(new ControlReply(reply.Ok, reply.Text));
                break;
            case RunClock clock:
                RunClock(clock.Running);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(effect), effect.GetType().Name, "unknown sweep effect");
        }
    }

    /// <summary>
    /// Once every event is durable, the summary goes to <c>list</c>'s projection, then the observers hear, with this
    /// actor's state: lean, so an ended trial there has its best and last epochs only (readers that show every epoch
    /// read the log: <see cref="SweepStates"/>).
    /// </summary>
    private void PublishFinishedWhenSaved()
    {
        var storage = _trialStorage;
        var name = _name;
        AfterWritten(state => storage.Ask<SweepSummarySaved>(new SaveSweepSummary(name, SweepSummary.Of(state), state.EventCount), TimeSpan.FromSeconds(30))
            .ContinueWith(_ => new FinishedAndSaved(state), TaskScheduler.Default)
            .PipeTo(Self));
    }

    /// <summary>The sweep's running time in all: the log's, plus this session's since the clock last started.</summary>
    private double RunningSeconds => _clockBase + _clock.Elapsed.TotalSeconds;

    /// <summary>
    /// Starts or stops the clock of a sweep with a time budget. While it runs, the running time is written every
    /// few seconds (a twentieth of the budget, 1 to 10 s), and a timer fires when the budget is due. Stopping it
    /// (pause, stop, end) writes the time so far, so a resume continues from there.
    /// </summary>
    private void RunClock(bool running)
    {
        if (_state.Spec?.TimeBudget is not { } budget)
        {
            return;
        }
        if (running && !_clock.IsRunning && !_state.TimeBudgetSpent)
        {
            _clockBase = _state.RunningSeconds;
            _clock.Restart();
            var every = TimeSpan.FromSeconds(Math.Clamp(budget.TotalSeconds / 20, 1, 10));
            Timers.StartPeriodicTimer(ClockTimer, ClockTick.Instance, every);
            Timers.StartSingleTimer(DeadlineTimer, ClockTick.Instance, TimeSpan.FromSeconds(Math.Max(0, budget.TotalSeconds - _clockBase)));
        }
        else if (!running && _clock.IsRunning)
        {
            var seconds = RunningSeconds;
            _clock.Reset();
            _clockBase = seconds;
            Timers.Cancel(ClockTimer);
            Timers.Cancel(DeadlineTimer);
            if (!_state.Status.IsFinal() && !_state.TimeBudgetSpent && seconds > _state.RunningSeconds)
            {
                Emit(new SweepTimeUsed(seconds, DateTimeOffset.UtcNow));
            }
        }
    }
}
