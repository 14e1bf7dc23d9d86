using System.Collections.Immutable;
using System.Text.Json.Serialization;
using ActorTune.Model.Space;
using ActorTune.Model.State;
using ActorTune.Model.Sweep;

namespace ActorTune.Model.Events;

/// <summary>
/// A fact about a sweep. The sweep's state is a fold over these (<see cref="SweepState.Apply"/>); they are
/// persisted with an explicit, versioned manifest each (see the serializer in Actors), so renaming a class
/// never makes an old database unreadable.
/// </summary>
/// <remarks>
/// Stored, each event is written as its own type under its manifest; the discriminators below are for where an
/// event travels as a <see cref="SweepEvent"/> (an observer on another node).
/// </remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$event")]
[JsonDerivedType(typeof(SweepDefined), "sweep-defined")]
[JsonDerivedType(typeof(TrialProposed), "trial-proposed")]
[JsonDerivedType(typeof(TrialStarted), "trial-started")]
[JsonDerivedType(typeof(EpochReported), "epoch-reported")]
[JsonDerivedType(typeof(TrialEnded), "trial-ended")]
[JsonDerivedType(typeof(TrialConfigChanged), "trial-config-changed")]
[JsonDerivedType(typeof(TrialIntervened), "trial-intervened")]
[JsonDerivedType(typeof(RegionNarrowed), "region-narrowed")]
[JsonDerivedType(typeof(SweepPaused), "sweep-paused")]
[JsonDerivedType(typeof(SweepContinued), "sweep-continued")]
[JsonDerivedType(typeof(SweepCancelled), "sweep-cancelled")]
[JsonDerivedType(typeof(SweepCompleted), "sweep-completed")]
[JsonDerivedType(typeof(SweepTimeUsed), "sweep-time-used")]
[JsonDerivedType(typeof(TimeBudgetElapsed), "time-budget-elapsed")]
[JsonDerivedType(typeof(ParametersDeclared), "parameters-declared")]
public abstract record SweepEvent;

/// <summary>The sweep exists: its whole resolved definition, and the file text it came from.</summary>
public sealed record SweepDefined(SweepSpec Spec, string SourceText, DateTimeOffset At) : SweepEvent;

/// <summary>The strategy chose a configuration for a new trial (ids count from 1, with no gaps).</summary>
public sealed record TrialProposed(int TrialId, TrialConfig Config, int Round) : SweepEvent;

/// <summary>
/// An attempt at a trial began on a node. Attempt 1 is the first; a later attempt follows a crash or a lost
/// node and continues after <paramref name="FromEpoch"/> (0: from scratch; k: from the checkpoint of epoch k).
/// </summary>
public sealed record TrialStarted(int TrialId, int Attempt, string Node, int FromEpoch, DateTimeOffset At) : SweepEvent;

/// <summary>One epoch's metrics from one attempt of a trial.</summary>
public sealed record EpochReported(int TrialId, int Attempt, int Epoch, ImmutableSortedDictionary<string, double> Metrics, double Seconds)
    : SweepEvent;

/// <summary>A trial ended: completed, pruned, diverged or failed (with the reason for the last three).</summary>
public sealed record TrialEnded(int TrialId, int Attempt, TrialStatus Status, string? Reason, DateTimeOffset At) : SweepEvent;

/// <summary>
/// The trial's hyperparameters change after epoch <paramref name="Epoch"/>: it continues from trial
/// <paramref name="Donor"/>'s state after <paramref name="DonorEpoch"/> epochs (population-based training's
/// exploit; itself when a babysitter sets a value), with <paramref name="Config"/>.
/// </summary>
public sealed record TrialConfigChanged(int TrialId, int Epoch, int Donor, int DonorEpoch, TrialConfig Config, string Reason) : SweepEvent;

/// <summary>
/// A person intervened in a babysat trial after epoch <paramref name="Epoch"/>: pause, resume, set, rollback or
/// stop, with what was asked (<paramref name="Detail"/>: "learning-rate = 0.001", "to epoch 4").
/// </summary>
public sealed record TrialIntervened(int TrialId, int Epoch, string Action, string Detail, DateTimeOffset At) : SweepEvent;

/// <summary>A coarse-to-fine round begins in this region (round 1: the whole space).</summary>
public sealed record RegionNarrowed(SearchRegion Region) : SweepEvent;

/// <summary>Someone paused the sweep: running trials stop after their current epoch (checkpointed) and none start.</summary>
public sealed record SweepPaused(string By, DateTimeOffset At) : SweepEvent;

/// <summary>A paused sweep goes on: its trials continue from their checkpoints.</summary>
public sealed record SweepContinued(string By, DateTimeOffset At) : SweepEvent;

/// <summary>Someone cancelled the sweep for good: its unfinished trials end as pruned, nothing more runs.</summary>
public sealed record SweepCancelled(string By, DateTimeOffset At) : SweepEvent;

/// <summary>Every trial has ended and no more will be proposed.</summary>
public sealed record SweepCompleted(DateTimeOffset At) : SweepEvent;

/// <summary>
/// The sweep has run for <paramref name="Seconds"/> in all (every session's running time, pauses excluded): the
/// clock its time budget is measured on. Written every few seconds while a sweep with a budget runs, and when it
/// stops, so a resumed sweep continues the clock instead of starting it again.
/// </summary>
public sealed record SweepTimeUsed(double Seconds, DateTimeOffset At) : SweepEvent;

/// <summary>The sweep's time budget ran out: no trial starts any more, the running ones stop at their next epoch.</summary>
public sealed record TimeBudgetElapsed(double Seconds, DateTimeOffset At) : SweepEvent;

/// <summary>
/// Define-by-run: trial <paramref name="TrialId"/>'s objective asked for <paramref name="Parameters"/> and took
/// <paramref name="Values"/> for those its proposal lacked. Parameters the sweep did not know join its space (so later
/// proposals include them); the values join the trial's configuration.
/// </summary>
public sealed record ParametersDeclared(int TrialId, IReadOnlyList<ParameterSpec> Parameters, TrialConfig Values) : SweepEvent;
