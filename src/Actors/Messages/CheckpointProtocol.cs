using ActorTune.Model.Sweep;

namespace ActorTune.Actors.Messages;

/// <summary>
/// A trial's state after an epoch, to be kept until a newer or better one replaces it (or for good with
/// <paramref name="KeepAll"/>: a babysat trial can be rolled back to any epoch).
/// </summary>
public sealed record SaveCheckpoint(string Sweep, int TrialId, int Attempt, int Epoch, double? Value, byte[] Data, Goal Goal, bool KeepAll = false) : IActorTuneMessage;

/// <summary>Writes whatever checkpoints are queued, then answers <see cref="CheckpointsFlushed"/>.</summary>
public sealed record FlushCheckpoints : IActorTuneMessage;

public sealed record CheckpointsFlushed : IActorTuneMessage;

/// <summary>A trial's log (an external program's standard error), kept per attempt.</summary>
public sealed record SaveTrialLog(string Sweep, int TrialId, int Attempt, string Text) : IActorTuneMessage;
