using ActorTune.Model.State;
using ActorTune.Model.Strategies;

namespace ActorTune.Actors.Messages;

/// <summary>Replaces the strategy's history with the one the log implies (on start and recovery).</summary>
public sealed record RestoreHistory(SearchHistory History);

/// <summary>Asks for trial <paramref name="TrialId"/>'s configuration.</summary>
public sealed record ProposeNext(int TrialId);

/// <summary>A trial ended; the strategy learns its value.</summary>
public sealed record ObserveResult(int TrialId, TrialStatus Status, double? Value);

/// <summary>The strategy's answer to <see cref="ProposeNext"/>: a configuration, wait, or nothing more.</summary>
public sealed record ProposalReply(int TrialId, StrategyStep Step);

/// <summary>Define-by-run: the space grew (or a trial took values for parameters its proposal lacked).</summary>
public sealed record ParametersLearned(int TrialId, Model.Space.SearchSpace Space, Model.Space.TrialConfig Values);
