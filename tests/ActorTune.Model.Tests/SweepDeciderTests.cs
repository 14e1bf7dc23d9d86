using System.Collections.Immutable;
using ActorTune.Model.Events;
using ActorTune.Model.Schedulers;
using ActorTune.Model.Space;
using ActorTune.Model.State;
using ActorTune.Model.Strategies;
using ActorTune.Model.Sweep;

namespace ActorTune.Model.Tests;

/// <summary>
/// The supervisor's decisions without Akka or a database, including the races it meets: a strategy's "wait" that
/// crossed a trial's end, a proposal after a cancel, a stale report or scheduler answer, a stop mid-flight.
/// </summary>
public class SweepDeciderTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.UnixEpoch;

    private static ImmutableSortedDictionary<string, double> Accuracy(double value) =>
        ImmutableSortedDictionary<string, double>.Empty.Add("val_accuracy", value).Add("val_loss", 1 - value);

    private static TrialConfig Config(int i) => new([new("learning-rate", ParamValue.Of(i / 100.0))]);

    private static readonly IReadOnlySet<int> NoneTraining = new HashSet<int>();

    /// <summary>A sweep under test: the state and flow the decisions leave, and the last decision.</summary>
    private sealed class Sweep
    {
        public Sweep(SweepSpec spec)
        {
            State = SweepState.Empty.Apply(new SweepDefined(spec, "", At));
        }

        public SweepState State { get; private set; }

        public SweepFlow Flow { get; private set; } = SweepFlow.Start;

        public SweepDecision Last { get; private set; } = null!;

        public SweepDecision Decide(SweepInput input, SweepLoad? load = null)
        {
            Last = SweepDecider.Decide(State, Flow, load ?? SweepLoad.Idle, input);
            // The decision's state is the fold of its events: what recovery would rebuild.
            Assert.Equal(Fingerprint(Last.Events.Aggregate(State, (s, e) => s.Apply(e))), Fingerprint(Last.State));
            State = Last.State;
            Flow = Last.Flow;
            return Last;
        }

        private static string Fingerprint(SweepState state) =>
            $"{state.Status} {state.EventCount} {state.RunningSeconds} {state.TimeBudgetSpent} " +
            string.Join(";", state.Trials.Select(t => $"{t.Id} {t.Status} {t.Attempt} {t.LastEpoch} {t.Reason} {t.BestValue}"));

        /// <summary>Proposes trial <paramref name="id"/> and starts it (as the actor does on a worker).</summary>
        public void ProposeAndStart(int id)
        {
            Decide(new Settle(At), new SweepLoad(1, 0, id - 1));
            Decide(new ProposalAnswered(id, new ProposeTrial(Config(id), 1, null)));
            State = State.Apply(new TrialStarted(id, 1, "local", 0, At));
        }
    }

    private static SweepSpec Spec(int trials = 3, int epochs = 3, string scheduler = "none", TimeSpan? budget = null) =>
        TestSpecs.Synthetic(trials, TestSpecs.TwoParameterSpace(), epochs: epochs) with
        {
            Scheduler = ComponentSpec.Named(scheduler),
            TimeBudget = budget,
        };

    private static T Single<T>(IEnumerable<object> items) => Assert.Single(items.OfType<T>());

    [Fact]
    public void A_waiting_worker_gets_one_question_to_the_strategy_and_its_answer_is_proposed_and_launched()
    {
        var sweep = new Sweep(Spec());
        sweep.Decide(new Settle(At), new SweepLoad(2, 0, 0));
        Assert.Equal(new AskStrategy(1), Assert.Single(sweep.Last.Effects));
        Assert.True(sweep.Flow.Proposing);
        sweep.Decide(new Settle(At), new SweepLoad(2, 0, 0));
        Assert.Empty(sweep.Last.Effects); // one question at a time

        sweep.Decide(new ProposalAnswered(1, new ProposeTrial(Config(1), 1, null)));
        Assert.IsType<TrialProposed>(Assert.Single(sweep.Last.Events));
        Assert.Equal(new LaunchProposed(1, Config(1)), sweep.Last.Effects[0]);
        Assert.False(sweep.Flow.Proposing);
    }

    [Fact]
    public void A_wait_answer_that_crossed_a_trials_end_is_stale_and_the_strategy_is_asked_again()
    {
        var sweep = new Sweep(Spec());
        sweep.ProposeAndStart(1);
        sweep.Decide(new Settle(At), new SweepLoad(1, 0, 1)); // question for trial 2 goes out
        Assert.True(sweep.Flow.Proposing);
        sweep.Decide(new TrialEnding(1, 1, TrialStatus.Failed, "boom", At), new SweepLoad(1, 0, 0)); // ...and trial 1 ends
        Assert.True(sweep.Flow.EndedWhileProposing);
        sweep.Decide(new ProposalAnswered(2, new WaitForResults()), new SweepLoad(1, 0, 0));
        Assert.False(sweep.Flow.WaitingForResults);
        Assert.DoesNotContain(sweep.Last.Effects, e => e is ReleaseWaitingWorkers);
        sweep.Decide(new Settle(At), new SweepLoad(1, 0, 0));
        Assert.Equal(new AskStrategy(2), Assert.Single(sweep.Last.Effects));
    }

    [Fact]
    public void A_strategy_waiting_while_nothing_runs_has_nothing_more_and_the_sweep_completes()
    {
        var sweep = new Sweep(Spec(trials: 5));
        sweep.ProposeAndStart(1);
        sweep.Decide(new EpochArrived(1, 1, 1, Accuracy(0.5), 0.1), new SweepLoad(0, 0, 1));
        sweep.Decide(new Settle(At), new SweepLoad(1, 0, 1));
        sweep.Decide(new ProposalAnswered(2, new WaitForResults()), new SweepLoad(1, 0, 1));
        Assert.True(sweep.Flow.WaitingForResults);
        Assert.Contains(new ReleaseWaitingWorkers(), sweep.Last.Effects);
        sweep.Decide(new Settle(At), new SweepLoad(0, 0, 1));
        Assert.Equal(SweepStatus.Running, sweep.State.Status); // trial 1 still runs: its result may unblock the strategy

        sweep.Decide(new TrialEnding(1, 1, TrialStatus.Pruned, "stopped", At));
        Assert.False(sweep.Flow.WaitingForResults); // a result arrived: the strategy may have more
        sweep.Decide(new Settle(At), new SweepLoad(1, 0, 0));
        sweep.Decide(new ProposalAnswered(2, new WaitForResults()));
        sweep.Decide(new Settle(At));
        Assert.True(sweep.Flow.Exhausted);
        Assert.IsType<SweepCompleted>(Assert.Single(sweep.Last.Events));
        Assert.Contains(new PublishFinished(), sweep.Last.Effects);
        Assert.Equal(SweepStatus.Completed, sweep.State.Status);
    }

    [Fact]
    public void The_sweep_does_not_end_while_a_question_is_out_or_a_trial_waits_for_a_slot()
    {
        var asking = new Sweep(Spec(trials: 2));
        asking.ProposeAndStart(1);
        asking.Decide(new Settle(At), new SweepLoad(1, 0, 1)); // the question for trial 2 is out
        asking.Decide(new TrialEnding(1, 1, TrialStatus.Failed, "boom", At));
        asking.Decide(new ProposalAnswered(2, new SearchExhausted()), new SweepLoad(1, 0, 0)); // ...it is answered only now
        Assert.Equal(SweepStatus.Running, asking.State.Status);
        asking.Decide(new Settle(At));
        Assert.Equal(SweepStatus.Failed, asking.State.Status); // every trial failed: the sweep failed

        var queued = new Sweep(Spec(trials: 1));
        queued.ProposeAndStart(1);
        queued.Decide(new Settle(At), new SweepLoad(0, 1, 0)); // being relaunched: not done
        Assert.Equal(SweepStatus.Running, queued.State.Status);
    }

    [Fact]
    public void A_proposal_that_arrives_after_a_cancel_or_a_stop_or_for_an_older_question_is_dropped()
    {
        var cancelled = new Sweep(Spec());
        cancelled.Decide(new Settle(At), new SweepLoad(1, 0, 0));
        cancelled.Decide(new ControlRequested("cancel", "ann", At));
        Assert.Equal(SweepStatus.Cancelled, cancelled.State.Status);
        cancelled.Decide(new ProposalAnswered(1, new ProposeTrial(Config(1), 1, null)));
        Assert.Empty(cancelled.Last.Events);
        Assert.Empty(cancelled.State.Trials);

        var stopped = new Sweep(Spec());
        stopped.Decide(new Settle(At), new SweepLoad(1, 0, 0));
        stopped.Decide(new StopRequested());
        stopped.Decide(new ProposalAnswered(1, new ProposeTrial(Config(1), 1, null)));
        Assert.Empty(stopped.Last.Events);

        var stale = new Sweep(Spec());
        stale.ProposeAndStart(1);
        stale.Decide(new ProposalAnswered(1, new ProposeTrial(Config(9), 1, null)));
        Assert.Empty(stale.Last.Events);
    }

    [Fact]
    public void Reports_from_a_stale_attempt_twice_or_after_a_stop_change_nothing()
    {
        var sweep = new Sweep(Spec());
        sweep.ProposeAndStart(1);
        sweep.Decide(new EpochArrived(1, 1, 1, Accuracy(0.5), 0.1));
        Assert.Equal([new NoteReporter(1, 1), new ContinueTrial(1, 1)], sweep.Last.Effects);
        Assert.IsType<EpochReported>(Assert.Single(sweep.Last.Events));
        Assert.True(sweep.Decide(new EpochArrived(1, 1, 1, Accuracy(0.5), 0.1)).IsEmpty); // twice
        Assert.True(sweep.Decide(new EpochArrived(1, 2, 2, Accuracy(0.5), 0.1)).IsEmpty); // an attempt that never started
        sweep.Decide(new StopRequested());
        Assert.Equal([new StopAllTrials(), new RunClock(false)], sweep.Last.Effects);
        Assert.True(sweep.Decide(new EpochArrived(1, 1, 2, Accuracy(0.6), 0.1)).IsEmpty);
    }

    [Fact]
    public void The_last_epoch_completes_a_trial_and_a_non_finite_loss_ends_it_diverged_without_asking_the_scheduler()
    {
        var sweep = new Sweep(Spec(epochs: 2, scheduler: "median"));
        sweep.ProposeAndStart(1);
        sweep.Decide(new EpochArrived(1, 1, 1, Accuracy(0.5), 0.1));
        Assert.Equal([new NoteReporter(1, 1), new AskScheduler(1, 1, 1, 0.5)], sweep.Last.Effects); // the scheduler decides
        sweep.Decide(new EpochArrived(1, 1, 2, Accuracy(0.7), 0.1));
        Assert.Equal(TrialStatus.Completed, sweep.State.Trial(1).Status);
        Assert.Contains(new AskScheduler(1, 1, 2, 0.7), sweep.Last.Effects); // its last score still counts for later trials
        Assert.Contains(new TellStrategy(1, TrialStatus.Completed, 0.7), sweep.Last.Effects);
        Assert.Contains(new ForgetTrial(1, 1), sweep.Last.Effects);

        sweep.ProposeAndStart(2);
        var diverged = ImmutableSortedDictionary<string, double>.Empty.Add("val_accuracy", double.NaN).Add("train_loss", double.NaN);
        sweep.Decide(new EpochArrived(2, 1, 1, diverged, 0.1));
        Assert.Equal(TrialStatus.Diverged, sweep.State.Trial(2).Status);
        Assert.DoesNotContain(sweep.Last.Effects, e => e is AskScheduler);
    }

    [Fact]
    public void A_scheduler_answer_for_a_trial_that_ended_or_moved_on_is_ignored_and_a_prune_ends_it()
    {
        var sweep = new Sweep(Spec(epochs: 5, scheduler: "median"));
        sweep.ProposeAndStart(1);
        sweep.Decide(new EpochArrived(1, 1, 1, Accuracy(0.5), 0.1));
        sweep.Decide(new EpochArrived(1, 1, 2, Accuracy(0.5), 0.1)); // runs on its own past the scheduler's first answer
        Assert.True(sweep.Decide(new SchedulerAnswered(1, 1, 1, SchedulerDecision.Prune("late"))).IsEmpty);
        sweep.Decide(new SchedulerAnswered(1, 1, 2, SchedulerDecision.Continue));
        Assert.Equal(new ContinueTrial(1, 1), Assert.Single(sweep.Last.Effects));
        sweep.Decide(new SchedulerAnswered(1, 1, 2, SchedulerDecision.Prune("below the median")));
        Assert.Equal(TrialStatus.Pruned, sweep.State.Trial(1).Status);
        Assert.Equal("below the median", sweep.State.Trial(1).Reason);
        Assert.True(sweep.Decide(new SchedulerAnswered(1, 1, 2, SchedulerDecision.Continue)).IsEmpty);

        sweep.ProposeAndStart(2);
        sweep.Decide(new EpochArrived(2, 1, 1, Accuracy(0.5), 0.1));
        sweep.Decide(new SchedulerAnswered(2, 1, 1, SchedulerDecision.Exploit(1, Config(7), "pbt: exploit trial 1")));
        Assert.Equal(new RelaunchFromDonor(2, 1, 1, 1, Config(7), "pbt: exploit trial 1"), Assert.Single(sweep.Last.Effects));
    }

    [Fact]
    public void Pause_continue_and_cancel_are_events_and_each_is_refused_where_it_does_not_apply()
    {
        var sweep = new Sweep(Spec());
        sweep.ProposeAndStart(1);
        sweep.Decide(new ControlRequested("continue", "ann", At));
        Assert.Equal(new ReplyToControl(false, "sweep test is running: it cannot continue"), Assert.Single(sweep.Last.Effects));

        sweep.Decide(new ControlRequested("pause", "ann", At));
        Assert.Equal(SweepStatus.Paused, sweep.State.Status);
        Assert.Contains(new StopAllTrials(), sweep.Last.Effects);
        Assert.False(SweepDecider.TakesWork(sweep.State, sweep.Flow));
        sweep.Decide(new EpochArrived(1, 1, 1, Accuracy(0.5), 0.1)); // the epoch under way when paused still counts
        Assert.Equal(1, sweep.State.Trial(1).LastEpoch);
        sweep.Decide(new Settle(At));
        Assert.Equal(SweepStatus.Paused, sweep.State.Status);

        sweep.Decide(new ControlRequested("continue", "ann", At));
        Assert.Equal(SweepStatus.Running, sweep.State.Status);
        Assert.Contains(new RequeueUnfinished(), sweep.Last.Effects);

        sweep.Decide(new ControlRequested("cancel", "ann", At));
        Assert.Equal(SweepStatus.Cancelled, sweep.State.Status);
        Assert.Equal(TrialStatus.Pruned, sweep.State.Trial(1).Status);
        Assert.Equal("sweep cancelled by ann", sweep.State.Trial(1).Reason);
        Assert.Equal(SweepPhase.Ended, sweep.Flow.Phase);
        sweep.Decide(new ControlRequested("cancel", "ann", At));
        Assert.Equal(new ReplyToControl(false, "sweep test is cancelled: it cannot cancel"), Assert.Single(sweep.Last.Effects));
        sweep.Decide(new Settle(At));
        Assert.Empty(sweep.Last.Events); // no completion after a cancel
    }

    [Fact]
    public void The_clock_is_written_until_the_budget_elapses_then_nothing_starts_and_training_trials_stop_at_their_next_epoch()
    {
        var sweep = new Sweep(Spec(trials: 10, epochs: 5, budget: TimeSpan.FromSeconds(60)));
        sweep.ProposeAndStart(1);
        sweep.ProposeAndStart(2);
        sweep.Decide(new Settle(At), new SweepLoad(1, 0, 2)); // trial 3 is asked for...
        sweep.Decide(new ClockTicked(30, new HashSet<int> { 1, 2 }, At));
        Assert.Equal(new SweepTimeUsed(30, At), Assert.Single(sweep.Last.Events));
        Assert.True(sweep.Decide(new ClockTicked(20, new HashSet<int> { 1, 2 }, At)).IsEmpty); // time never goes back

        sweep.Decide(new ProposalAnswered(3, new ProposeTrial(Config(3), 1, null)), new SweepLoad(0, 0, 2)); // ...and waits in the queue
        sweep.Decide(new ClockTicked(60, new HashSet<int> { 1 }, At), new SweepLoad(0, 1, 1)); // trial 2 is held by a babysitter
        Assert.True(sweep.State.TimeBudgetSpent);
        Assert.IsType<TimeBudgetElapsed>(sweep.Last.Events[0]);
        Assert.Equal(TrialStatus.Running, sweep.State.Trial(1).Status); // training: stops at its next epoch
        Assert.Equal((TrialStatus.Pruned, "time budget"), (sweep.State.Trial(2).Status, sweep.State.Trial(2).Reason));
        Assert.Equal((TrialStatus.Pruned, "time budget"), (sweep.State.Trial(3).Status, sweep.State.Trial(3).Reason));
        Assert.False(SweepDecider.CanPropose(sweep.State, sweep.Flow));
        Assert.False(SweepDecider.TakesWork(sweep.State, sweep.Flow));

        sweep.Decide(new Settle(At), new SweepLoad(1, 0, 1));
        Assert.Empty(sweep.Last.Effects); // no question to the strategy, and not done while trial 1 trains
        sweep.Decide(new EpochArrived(1, 1, 1, Accuracy(0.5), 0.1));
        Assert.Equal((TrialStatus.Pruned, "time budget"), (sweep.State.Trial(1).Status, sweep.State.Trial(1).Reason));
        Assert.Equal(1, sweep.State.Trial(1).LastEpoch); // its last epoch is kept
        sweep.Decide(new Settle(At));
        Assert.Equal(SweepStatus.Completed, sweep.State.Status);
        Assert.Equal("time budget", sweep.State.EndReason);
        Assert.Equal("completed (time budget)", sweep.State.StatusText);
    }

    [Fact]
    public void A_proposal_answered_after_the_budget_elapsed_is_not_run()
    {
        var sweep = new Sweep(Spec(trials: 10, budget: TimeSpan.FromSeconds(5)));
        sweep.Decide(new Settle(At), new SweepLoad(1, 0, 0));
        sweep.Decide(new ClockTicked(5, NoneTraining, At), new SweepLoad(1, 0, 0));
        sweep.Decide(new ProposalAnswered(1, new ProposeTrial(Config(1), 1, null)));
        Assert.Empty(sweep.Last.Events);
        Assert.Contains(new ReleaseWaitingWorkers(), sweep.Last.Effects);
        sweep.Decide(new Settle(At));
        Assert.Equal("completed (time budget)", sweep.State.StatusText);
    }

    [Fact]
    public void The_clock_is_not_kept_without_a_budget_nor_while_paused_and_its_time_survives_a_replay()
    {
        var unbudgeted = new Sweep(Spec());
        Assert.True(unbudgeted.Decide(new ClockTicked(100, NoneTraining, At)).IsEmpty);

        var sweep = new Sweep(Spec(budget: TimeSpan.FromMinutes(10)));
        sweep.Decide(new ClockTicked(42, NoneTraining, At));
        sweep.Decide(new ControlRequested("pause", "ann", At));
        Assert.True(sweep.Decide(new ClockTicked(900, NoneTraining, At)).IsEmpty);
        var replayed = new[] { new SweepTimeUsed(42, At) }.Aggregate(
            SweepState.Empty.Apply(new SweepDefined(Spec(budget: TimeSpan.FromMinutes(10)), "", At)), (s, e) => s.Apply(e));
        Assert.Equal(42, replayed.RunningSeconds);
        Assert.False(replayed.TimeBudgetSpent);
        Assert.True(replayed.Apply(new TimeBudgetElapsed(600, At)).TimeBudgetSpent);
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("10m", 600)]
    [InlineData("2h", 7200)]
    [InlineData("1.5 hours", 5400)]
    [InlineData("500ms", 0.5)]
    public void Durations_read_as_a_sweep_file_writes_them(string text, double seconds) =>
        Assert.Equal(seconds, DurationText.Parse(text)!.Value.TotalSeconds);

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("ten minutes")]
    [InlineData("10 fortnights")]
    public void Text_that_is_not_a_duration_is_refused(string text) => Assert.Null(DurationText.Parse(text));
}
