using ActorTune.Model.State;
using ActorTune.Model.Sweep;

namespace ActorTune.Actors.Messages;

/// <summary>To a host: run this sweep (validated by the client already; the host checks the name is free).</summary>
public sealed record SubmitSweep(SweepSpec Spec, string SourceText) : IActorTuneMessage;

/// <summary>The host took the sweep and runs it.</summary>
public sealed record SweepSubmitted(string Name, string Database) : IActorTuneMessage;

/// <summary>To a host: the sweeps in its database.</summary>
public sealed record ListSweeps : IActorTuneMessage;

/// <summary>A sweep as <c>list</c> prints it, with the status a person should read (running, paused, interrupted, …).</summary>
public sealed record SweepListing(SweepState State, string Status) : IActorTuneMessage;

public sealed record SweepList(IReadOnlyList<SweepListing> Sweeps, string Database) : IActorTuneMessage;

/// <summary>To a host: one sweep's state; answered with <see cref="SweepListing"/>, or <see cref="SweepRejected"/> if unknown.</summary>
public sealed record GetSweep(string Name) : IActorTuneMessage;

/// <summary>
/// Pause, continue or cancel a sweep (to a host, naming it; to a sweep's supervisor, for itself). Each is an
/// event in the sweep's log; <paramref name="By"/> says who asked.
/// </summary>
public sealed record ControlSweep(string Name, string Action, string By) : IActorTuneMessage;

public sealed record ControlReply(bool Accepted, string Message) : IActorTuneMessage;
