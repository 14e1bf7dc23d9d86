using System.Collections.Immutable;
using ActorTune.Model.Space;
using ActorTune.Model.Sweep;

namespace ActorTune.Actors.Messages;

/// <summary>Everything a trial needs to train, wherever it runs: no references, only values.</summary>
/// <param name="FromEpoch">Epochs already done; training continues from <paramref name="Checkpoint"/>, the state after them.</param>
/// <param name="Checkpoint">The trainable's saved state after <paramref name="FromEpoch"/> epochs; null starts from scratch.</param>
public sealed record TrialAssignment(
    string Sweep, int TrialId, int Attempt, TrialConfig Config, int Seed, int FromEpoch, byte[]? Checkpoint, SweepSpec Spec) : IActorTuneMessage;

/// <summary>A trial finished an epoch; it waits for <see cref="ContinueTraining"/> or <see cref="StopTraining"/>.</summary>
public sealed record EpochCompleted(int TrialId, int Attempt, int Epoch, ImmutableSortedDictionary<string, double> Metrics, double Seconds) : IActorTuneMessage;

/// <summary>The trainer threw: the trial ends as failed with this reason.</summary>
public sealed record TrialFailed(int TrialId, int Attempt, string Reason) : IActorTuneMessage;

/// <summary>Train the next epoch.</summary>
public sealed record ContinueTraining(int TrialId, int Attempt) : IActorTuneMessage;

/// <summary>Stop after the current epoch (completed, pruned, diverged, or the sweep is stopping).</summary>
public sealed record StopTraining(int TrialId, int Attempt) : IActorTuneMessage;

/// <summary>
/// Define-by-run: the trial's objective asked for <paramref name="Parameters"/> and sampled <paramref name="Values"/> for
/// those its proposal lacked. Sent before the epoch report (or the end) that follows them.
/// </summary>
public sealed record TrialDeclaredParameters(int TrialId, int Attempt, IReadOnlyList<ParameterSpec> Parameters, TrialConfig Values) : IActorTuneMessage;

/// <summary>The trainable has nothing more to train (an objective returned or pruned itself): the trial ends with <paramref name="Status"/>.</summary>
public sealed record TrialEndedEarly(int TrialId, int Attempt, Model.State.TrialStatus Status, string? Reason) : IActorTuneMessage;
