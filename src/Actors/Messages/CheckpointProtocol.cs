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

/// <summary>
/// Reads one of a trial's checkpoints off the asking actor's thread (on the storage dispatcher, after writing whatever is
/// queued, so the newest epoch is there): the one at <paramref name="Epoch"/>, or with none given the newest the log covers
/// (at most <paramref name="UpTo"/>, by <see cref="Model.Checkpoints.CheckpointPolicy.ResumeFrom"/>). Answered with
/// <see cref="CheckpointRead"/> carrying <paramref name="Context"/> back, so the asker knows what it asked for. Local only.
/// </summary>
public sealed record ReadCheckpoint(string Sweep, int TrialId, int UpTo, int? Epoch, object Context);

/// <summary>The checkpoint asked for, or a null <paramref name="Data"/> when there is none (or it could not be read: <paramref name="Problem"/>).</summary>
public sealed record CheckpointRead(int TrialId, int? Epoch, byte[]? Data, object Context, string? Problem = null);

/// <summary>
/// A sweep has finished, every event of it durable: its summary goes to the summary projection, so <c>list</c> need
/// not fold its log. (The state projection is left to the first reader: the supervisor's state is lean, and folding
/// the whole log here would bring every epoch back into the running process's memory.) Answered with
/// <see cref="SweepSummarySaved"/>, also when it could not be stored. Local only.
/// </summary>
public sealed record SaveSweepSummary(string Sweep, Model.State.SweepSummary Summary, long EventCount);

public sealed record SweepSummarySaved;
