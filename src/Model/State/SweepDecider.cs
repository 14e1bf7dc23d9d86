using System.Collections.Immutable;
using ActorTune.Model.Events;
using ActorTune.Model.Schedulers;
using ActorTune.Model.Strategies;
using ActorTune.Model.Sweep;

namespace ActorTune.Model.State;

/// <summary>
/// The sweep's decisions as one pure function: (state, flow, load, input) → events to persist and effects to carry
/// out (the shape of Petabridge's <c>ProductState.ProcessCommand</c>, with <see cref="SweepState.Apply"/> as its
/// <c>ProcessEvent</c>). The supervisor actor only feeds it what it hears, persists the events and does the effects,
/// so every race it handles — a strategy's "wait" that crossed a trial's end, a report from a stale attempt, a
/// proposal arriving after a cancel, a scheduler's answer for a trial that ended — is decided and tested here,
/// without Akka or a database.
/// </summary>
public static class SweepDecider
{
    /// <summary>Why a trial ended that the time budget stopped.</summary>
    public const string TimeBudgetReason = "time budget";

    public static SweepDecision Decide(SweepState state, SweepFlow flow, SweepLoad load, SweepInput input)
    {
        var d = new Builder(state, flow);
        switch (input)
        {
            case Settle settle:
                d.ProposeIfNeeded(load);
                d.FinishIfDone(load, settle.At);
                break;
            case ProposalAnswered answer:
                OnProposal(d, load, answer);
                break;
            case EpochArrived report:
                OnEpoch(d, report);
                break;
            case SchedulerAnswered answer:
                OnSchedulerAnswer(d, answer);
                break;
            case TrialEnding ending:
                d.EndTrial(ending.TrialId, ending.Attempt, ending.Status, ending.Reason, ending.At);
                break;
            case StopRequested:
                if (d.Flow.Phase == SweepPhase.Running)
                {
                    d.Flow = d.Flow with { Phase = SweepPhase.Stopping };
                    d.Do(new StopAllTrials());
                    d.Do(new RunClock(false));
                }
                break;
            case ControlRequested control:
                OnControl(d, control);
                break;
            case ClockTicked tick:
                OnClock(d, tick);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(input), input.GetType().Name, "unknown sweep input");
        }
        return d.Build();
    }

    /// <summary>Whether the strategy may be asked for another trial now.</summary>
    public static bool CanPropose(SweepState state, SweepFlow flow) =>
        flow.Phase == SweepPhase.Running && state.Status == SweepStatus.Running && !flow.Exhausted && !flow.WaitingForResults &&
        !state.TimeBudgetSpent && SweepRules.BudgetLeft(state);

    /// <summary>Whether a worker asking for work may get some (a queued trial or a proposal).</summary>
    public static bool TakesWork(SweepState state, SweepFlow flow) =>
        flow.Phase == SweepPhase.Running && state.Status == SweepStatus.Running && !state.TimeBudgetSpent;

    /// <summary>The time budget is spent once the sweep's running time reaches it.</summary>
    public static bool BudgetElapsed(SweepSpec spec, double seconds) => spec.TimeBudget is { } budget && seconds >= budget.TotalSeconds;

    private static void OnProposal(Builder d, SweepLoad load, ProposalAnswered answer)
    {
        d.Flow = d.Flow with { Proposing = false };
        if (d.Flow.Phase != SweepPhase.Running || d.State.Status.IsFinal() || answer.TrialId != d.State.NextTrialId)
        {
            return; // stopping, cancelled meanwhile, or an answer to an older question
        }
        switch (answer.Step)
        {
            case ProposeTrial proposal when !d.State.TimeBudgetSpent:
                if (proposal.NewRegion is { } region)
                {
                    d.Emit(new RegionNarrowed(region));
                }
                d.Emit(new TrialProposed(answer.TrialId, proposal.Config, proposal.Round));
                d.Do(new LaunchProposed(answer.TrialId, proposal.Config));
                break;
            case ProposeTrial:
                break; // the time ran out while the strategy thought: the proposal is not run
            case WaitForResults when d.Flow.EndedWhileProposing:
                // A trial ended after the question was sent: the strategy answered without that result. It has it
                // now (the result was sent after the question), so ask again rather than wait for nothing.
                break;
            case WaitForResults:
                d.Flow = d.Flow with { WaitingForResults = true };
                d.Do(new ReleaseWaitingWorkers());
                break;
            case SearchExhausted:
                d.Flow = d.Flow with { Exhausted = true };
                d.Do(new ReleaseWaitingWorkers());
                break;
        }
        if (!CanPropose(d.State, d.Flow))
        {
            d.Do(new ReleaseWaitingWorkers());
        }
    }

    private static void OnEpoch(Builder d, EpochArrived report)
    {
        var state = d.State;
        if (d.Flow.Phase != SweepPhase.Running || !state.HasTrial(report.TrialId) ||
            !SweepState.AcceptsReport(state.Trial(report.TrialId), report.Attempt, report.Epoch))
        {
            return;
        }
        var spec = state.RequireSpec();
        d.Do(new NoteReporter(report.TrialId, report.Attempt));
        d.Emit(new EpochReported(report.TrialId, report.Attempt, report.Epoch, report.Metrics, report.Seconds));
        var verdict = TrialRules.AfterEpoch(spec, report.Epoch, report.Metrics);
        if (verdict == TrialVerdict.Continue && d.State.TimeBudgetSpent)
        {
            d.EndTrial(report.TrialId, report.Attempt, TrialStatus.Pruned, TimeBudgetReason, null);
            return;
        }
        if (!SchedulerCatalog.IsNone(spec) && verdict != TrialVerdict.Diverged)
        {
            // The scheduler records every score, a trial's last one too: later trials are compared with it.
            d.Do(new AskScheduler(report.TrialId, report.Attempt, report.Epoch,
                SweepScheduling.Score(spec, report.Metrics.TryGetValue(spec.Metric, out var value) ? value : null)));
            if (verdict == TrialVerdict.Continue)
            {
                return; // the scheduler's answer decides
            }
        }
        if (verdict == TrialVerdict.Continue)
        {
            d.Do(new ContinueTrial(report.TrialId, report.Attempt));
            return;
        }
        d.EndTrial(report.TrialId, report.Attempt, TrialRules.StatusOf(verdict),
            verdict == TrialVerdict.Diverged ? $"non-finite loss at epoch {report.Epoch}" : null, null);
    }

    private static void OnSchedulerAnswer(Builder d, SchedulerAnswered answer)
    {
        if (!d.State.HasTrial(answer.TrialId) || d.State.Trial(answer.TrialId) is not { Status: TrialStatus.Running } trial ||
            trial.Attempt != answer.Attempt || trial.LastEpoch != answer.Epoch)
        {
            return; // the trial ended meanwhile (its last epoch, a failure) or restarted
        }
        if (answer.Decision.Stop)
        {
            d.EndTrial(answer.TrialId, answer.Attempt, TrialStatus.Pruned, answer.Decision.Reason, null);
        }
        else if (d.State.TimeBudgetSpent)
        {
            d.EndTrial(answer.TrialId, answer.Attempt, TrialStatus.Pruned, TimeBudgetReason, null);
        }
        else if (d.Flow.Phase != SweepPhase.Running)
        {
            // stopping: the trial is being stopped, it trains no further epoch
        }
        else if (answer.Decision.IsExploit)
        {
            d.Do(new RelaunchFromDonor(answer.TrialId, answer.Attempt, answer.Epoch, answer.Decision.Donor!.Value,
                answer.Decision.NewConfig!, answer.Decision.Reason ?? "pbt"));
        }
        else
        {
            d.Do(new ContinueTrial(answer.TrialId, answer.Attempt));
        }
    }

    private static void OnControl(Builder d, ControlRequested control)
    {
        var name = d.State.RequireSpec().Name;
        var status = d.State.Status;
        switch (control.Action)
        {
            case "pause" when status == SweepStatus.Running && d.Flow.Phase == SweepPhase.Running:
                d.Emit(new SweepPaused(control.By, control.At));
                d.Do(new StopAllTrials());
                d.Do(new ClearQueue());
                d.Do(new ReleaseWaitingWorkers());
                d.Do(new RunClock(false));
                d.Do(new ReplyToControl(true, $"sweep {name} paused: its trials stop after their current epoch"));
                break;
            case "continue" when status == SweepStatus.Paused && d.Flow.Phase == SweepPhase.Running:
                d.Emit(new SweepContinued(control.By, control.At));
                d.Do(new RequeueUnfinished());
                d.Do(new RunClock(true));
                d.Do(new ReplyToControl(true, $"sweep {name} continues"));
                break;
            case "cancel" when !status.IsFinal() && d.Flow.Phase == SweepPhase.Running:
                d.Do(new StopAllTrials());
                foreach (var trial in SweepRules.Unfinished(d.State))
                {
                    d.Emit(new TrialEnded(trial.Id, trial.Attempt, TrialStatus.Pruned, $"sweep cancelled by {control.By}", control.At));
                }
                d.Emit(new SweepCancelled(control.By, control.At));
                d.Flow = d.Flow with { Phase = SweepPhase.Ended };
                d.Do(new ReleaseWaitingWorkers());
                d.Do(new RunClock(false));
                d.Do(new PublishFinished());
                d.Do(new ReplyToControl(true, $"sweep {name} cancelled"));
                break;
            case "pause" or "continue" or "cancel":
                d.Do(new ReplyToControl(false, $"sweep {name} is {status.ToName()}: it cannot {control.Action}"));
                break;
            default:
                d.Do(new ReplyToControl(false, $"unknown action '{control.Action}' (pause, continue, cancel)"));
                break;
        }
    }

    /// <summary>
    /// Records the running time; once it reaches the budget, records that too, ends every unfinished trial that is
    /// not training (the training ones stop at their next epoch) and lets the sweep end.
    /// </summary>
    private static void OnClock(Builder d, ClockTicked tick)
    {
        var state = d.State;
        if (d.Flow.Phase != SweepPhase.Running || state.Spec is not { TimeBudget: not null } spec || state.Status != SweepStatus.Running ||
            state.TimeBudgetSpent || tick.Seconds <= state.RunningSeconds)
        {
            return;
        }
        if (!BudgetElapsed(spec, tick.Seconds))
        {
            d.Emit(new SweepTimeUsed(tick.Seconds, tick.At));
            return;
        }
        d.Emit(new TimeBudgetElapsed(tick.Seconds, tick.At));
        d.Do(new RunClock(false));
        foreach (var trial in SweepRules.Unfinished(d.State).Where(t => !tick.Training.Contains(t.Id)))
        {
            d.EndTrial(trial.Id, trial.Attempt, TrialStatus.Pruned, TimeBudgetReason, tick.At);
        }
        d.Do(new ReleaseWaitingWorkers());
        d.Do(new AnnounceWork());
    }

    /// <summary>Collects one decision: each event is applied as it is emitted, so later steps see it.</summary>
    private sealed class Builder(SweepState state, SweepFlow flow)
    {
        private readonly ImmutableList<SweepEvent>.Builder _events = ImmutableList.CreateBuilder<SweepEvent>();
        private readonly ImmutableList<SweepEffect>.Builder _effects = ImmutableList.CreateBuilder<SweepEffect>();

        public SweepState State { get; private set; } = state;

        public SweepFlow Flow { get; set; } = flow;

        public void Emit(SweepEvent @event)
        {
            State = State.Apply(@event);
            _events.Add(@event);
        }

        public void Do(SweepEffect effect) => _effects.Add(effect);

        public SweepDecision Build() => new(State, Flow, _events.ToImmutable(), _effects.ToImmutable());

        public void EndTrial(int trialId, int attempt, TrialStatus status, string? reason, DateTimeOffset? at)
        {
            if (!State.HasTrial(trialId) || State.Trial(trialId).Attempt != attempt || State.Trial(trialId).Status.IsFinished())
            {
                return;
            }
            Emit(new TrialEnded(trialId, attempt, status, reason, at ?? DateTimeOffset.UtcNow));
            Do(new ForgetTrial(trialId, attempt));
            Do(new TellStrategy(trialId, status, State.Trial(trialId).BestValue));
            Flow = Flow with { WaitingForResults = false, EndedWhileProposing = Flow.EndedWhileProposing || Flow.Proposing };
            Do(new AnnounceWork());
        }

        public void ProposeIfNeeded(SweepLoad load)
        {
            if (!Flow.Proposing && load.WaitingWorkers > 0 && CanPropose(State, Flow))
            {
                Flow = Flow with { Proposing = true, EndedWhileProposing = false };
                Do(new AskStrategy(State.NextTrialId));
            }
        }

        /// <summary>Ends the sweep once nothing runs or waits to run and nothing more can be proposed.</summary>
        public void FinishIfDone(SweepLoad load, DateTimeOffset at)
        {
            if (Flow.Phase != SweepPhase.Running || State.Status != SweepStatus.Running || Flow.Proposing || load.Queued > 0)
            {
                return;
            }
            if (Flow.WaitingForResults && load.Placed == 0)
            {
                // A strategy that waits for results while nothing runs would wait forever: it has nothing more.
                Flow = Flow with { Exhausted = true };
            }
            if (SweepRules.IsDone(State, Flow.Exhausted))
            {
                Flow = Flow with { Phase = SweepPhase.Ended };
                Emit(new SweepCompleted(at));
                Do(new RunClock(false));
                Do(new PublishFinished());
            }
        }
    }
}
