using ActorTune.Model.Space;

namespace ActorTune.Model.State;

/// <summary>
/// Something the supervisor must do after persisting a decision's events: tell an actor, reply, stop a trial.
/// Effects carry values, never actors; the supervisor knows who to tell.
/// </summary>
public abstract record SweepEffect;

/// <summary>Ask the strategy for trial <paramref name="TrialId"/>'s configuration.</summary>
public sealed record AskStrategy(int TrialId) : SweepEffect;

/// <summary>Tell the strategy a trial's result.</summary>
public sealed record TellStrategy(int TrialId, TrialStatus Status, double? Value) : SweepEffect;

/// <summary>Start a newly proposed trial on a waiting worker, or queue it for the next one that asks.</summary>
public sealed record LaunchProposed(int TrialId, TrialConfig Config) : SweepEffect;

/// <summary>Tell the workers waiting for a proposal that there is none.</summary>
public sealed record ReleaseWaitingWorkers : SweepEffect;

/// <summary>Remember which trial actor reports for this attempt (the message's sender).</summary>
public sealed record NoteReporter(int TrialId, int Attempt) : SweepEffect;

/// <summary>Give the scheduler a trial's score after an epoch (larger is better); its answer comes back as an input.</summary>
public sealed record AskScheduler(int TrialId, int Attempt, int Epoch, double Score) : SweepEffect;

/// <summary>Let the trial train its next epoch (unless a babysitter holds or changes it first).</summary>
public sealed record ContinueTrial(int TrialId, int Attempt) : SweepEffect;

/// <summary>The trial has ended: stop it between epochs, free its slot, forget any plan for it.</summary>
public sealed record ForgetTrial(int TrialId, int Attempt) : SweepEffect;

/// <summary>Population-based training's exploit: continue the trial from the donor's checkpoint with new hyperparameters.</summary>
public sealed record RelaunchFromDonor(int TrialId, int Attempt, int Epoch, int Donor, TrialConfig Config, string Reason) : SweepEffect;

/// <summary>Stop every placed trial between epochs (pause, cancel, stop).</summary>
public sealed record StopAllTrials : SweepEffect;

/// <summary>Forget the queue and every launch plan: nothing starts until the sweep continues.</summary>
public sealed record ClearQueue : SweepEffect;

/// <summary>After a continue: queue the unfinished trials again, each from its newest checkpoint.</summary>
public sealed record RequeueUnfinished : SweepEffect;

/// <summary>Tell the workers there is work (or stop telling them when there is none).</summary>
public sealed record AnnounceWork : SweepEffect;

/// <summary>The sweep ended: cancel the timers and tell the observers once every event is written.</summary>
public sealed record PublishFinished : SweepEffect;

/// <summary>Answer a control request.</summary>
public sealed record ReplyToControl(bool Ok, string Text) : SweepEffect;

/// <summary>The sweep's clock starts (running, continued) or stops (paused, ended).</summary>
public sealed record RunClock(bool Running) : SweepEffect;
