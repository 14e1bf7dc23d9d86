using ActorTune.Model.Sweep;

namespace ActorTune.Actors.Messages;

/// <summary>A trial's state after an epoch, to be kept until a newer or better one replaces it.</summary>
public sealed record SaveCheckpoint(string Sweep, int TrialId, int Attempt, int Epoch, double? Value, byte[] Data, Goal Goal);

/// <summary>Writes whatever checkpoints are queued, then answers <see cref="CheckpointsFlushed"/>.</summary>
public sealed record FlushCheckpoints;

public sealed record CheckpointsFlushed;
