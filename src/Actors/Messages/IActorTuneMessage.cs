namespace ActorTune.Actors.Messages;

/// <summary>
/// Marks a message that may cross the network (a trial on a worker node, a coordinator singleton on another
/// node): it is bound to <see cref="Persistence.MessageSerializer"/>, JSON under an explicit manifest.
/// </summary>
public interface IActorTuneMessage;
