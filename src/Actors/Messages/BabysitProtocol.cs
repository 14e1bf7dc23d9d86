namespace ActorTune.Actors.Messages;

/// <summary>
/// A babysitter's command for the running trial: <c>pause</c>, <c>resume</c>, <c>set</c> (<paramref name="Name"/>
/// = <paramref name="Value"/>, from the next epoch), <c>rollback</c> (to the checkpoint of <paramref name="Epoch"/>)
/// or <c>stop</c> (end it; the next configuration starts). Answered with <see cref="InterventionReply"/>.
/// </summary>
public sealed record Intervene(string Action, string? Name = null, string? Value = null, int? Epoch = null) : IActorTuneMessage;

public sealed record InterventionReply(bool Accepted, string Message) : IActorTuneMessage;
