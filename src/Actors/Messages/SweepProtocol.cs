using ActorTune.Model.Events;
using ActorTune.Model.State;
using ActorTune.Model.Sweep;

namespace ActorTune.Actors.Messages;

/// <summary>
/// Starts a new sweep (<paramref name="Spec"/> given) or resumes the one in the log (<paramref name="Spec"/> null).
/// With <paramref name="ResumeIfExists"/> a sweep already in the log is resumed rather than refused (a cluster's
/// coordinator singleton, restarted on another node, starts this way).
/// </summary>
public sealed record StartSweep(SweepSpec? Spec, string SourceText, bool ResumeIfExists = false) : IActorTuneMessage;

/// <summary>
/// Sent by an observer (its sender is what gets told): <see cref="SweepEventPublished"/> after each event is
/// durable, then <see cref="SweepFinished"/> or <see cref="SweepRejected"/>.
/// </summary>
public sealed record ObserveSweep : IActorTuneMessage;

/// <summary>The sweep runs (or, if it had already completed, <see cref="SweepFinished"/> follows at once).</summary>
public sealed record SweepStarted(SweepState State) : IActorTuneMessage;

/// <summary>The sweep cannot start: no such sweep to resume, the name is taken, or its data cannot be read.</summary>
/// <param name="NameTaken">The database already holds a sweep of that name: the client, which knows how the user reached
/// that database, tells how to resume it.</param>
public sealed record SweepRejected(string Reason, bool BadInput, bool NameTaken = false) : IActorTuneMessage;

/// <summary>
/// An event is now durable; it is the sweep's <paramref name="Count"/>-th. Observers fold these onto the state
/// <see cref="SweepStarted"/> gave them (skipping any they already have), as recovery folds the log — only the
/// event crosses the network, never the whole state.
/// </summary>
public sealed record SweepEventPublished(SweepEvent Event, long Count) : IActorTuneMessage
{
    /// <summary>The state with this event applied, or the same state if it already has it.</summary>
    public SweepState ApplyTo(SweepState state) => Count == state.EventCount + 1 ? state.Apply(Event) : state;
}

/// <summary>Every trial has ended; the completion is durable.</summary>
public sealed record SweepFinished(SweepState State) : IActorTuneMessage;

/// <summary>Stops the trials and waits until every event so far is durable; the sweep stays resumable.</summary>
public sealed record StopSweep : IActorTuneMessage;

/// <summary>Reply to <see cref="StopSweep"/>.</summary>
public sealed record SweepStopped(SweepState State) : IActorTuneMessage;
