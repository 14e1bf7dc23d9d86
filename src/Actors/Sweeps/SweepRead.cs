using ActorTune.Model.State;

namespace ActorTune.Actors.Sweeps;

/// <summary>
/// A sweep's state as its log tells it (<see cref="SweepState.Empty"/> when there is no such sweep), folded up to the
/// journal's event <paramref name="SequenceNr"/>.
/// </summary>
public sealed record SweepRead(string Name, SweepState State, long SequenceNr = 0);
