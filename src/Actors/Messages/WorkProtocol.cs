namespace ActorTune.Actors.Messages;

/// <summary>A sweep has trials to run: workers with a free slot answer with <see cref="RequestWork"/>.</summary>
public sealed record WorkReady(string Sweep) : IActorTuneMessage;

/// <summary>A worker has a free slot on <paramref name="Node"/>; answered with <see cref="RunTrial"/> or <see cref="NoWork"/>.</summary>
public sealed record RequestWork(string Node) : IActorTuneMessage;

/// <summary>Train this trial in the slot that was offered.</summary>
public sealed record RunTrial(TrialAssignment Assignment) : IActorTuneMessage;

/// <summary>Nothing to run now; the sweep announces again when it has.</summary>
public sealed record NoWork(string Sweep) : IActorTuneMessage;

/// <summary>A worker's trial actor stopped (its trial ended, was stopped, or crashed).</summary>
public sealed record TrialStopped(int TrialId, int Attempt) : IActorTuneMessage;

/// <summary>To the worker directory: send this to every worker in reach.</summary>
public sealed record BroadcastToWorkers(object Message);
