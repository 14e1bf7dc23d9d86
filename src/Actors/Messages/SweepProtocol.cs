using ActorTune.Model.Events;
using ActorTune.Model.State;
using ActorTune.Model.Sweep;

namespace ActorTune.Actors.Messages;

/// <summary>Starts a new sweep (<paramref name="Spec"/> given) or resumes the one in the log (<paramref name="Spec"/> null).</summary>
/// <param name="Observer">Receives <see cref="SweepEventPublished"/> after each event is durable, and the final reply.</param>
public sealed record StartSweep(SweepSpec? Spec, string SourceText, Akka.Actor.IActorRef Observer);

/// <summary>The sweep runs (or, if it had already completed, <see cref="SweepFinished"/> follows at once).</summary>
public sealed record SweepStarted(SweepState State);

/// <summary>The sweep cannot start: no such sweep to resume, the name is taken, or its data cannot be read.</summary>
public sealed record SweepRejected(string Reason, bool BadInput);

/// <summary>An event is now durable; the state includes it.</summary>
public sealed record SweepEventPublished(SweepEvent Event, SweepState State);

/// <summary>Every trial has ended; the completion is durable.</summary>
public sealed record SweepFinished(SweepState State);

/// <summary>Stops the trials and waits until every event so far is durable; the sweep stays resumable.</summary>
public sealed record StopSweep;

/// <summary>Reply to <see cref="StopSweep"/>.</summary>
public sealed record SweepStopped(SweepState State);
