using ActorTune.Model.Space;
using ActorTune.Model.State;

namespace ActorTune.Model.Strategies;

/// <summary>A strategy's answer when asked for the next trial.</summary>
public abstract record StrategyStep;

/// <summary>Run this configuration next; <paramref name="NewRegion"/> is set when it opens a new search region.</summary>
public sealed record ProposeTrial(TrialConfig Config, int Round, SearchRegion? NewRegion) : StrategyStep;

/// <summary>Nothing to propose until running trials report (a round boundary).</summary>
public sealed record WaitForResults : StrategyStep;

/// <summary>The strategy has nothing more to try (a grid visited whole).</summary>
public sealed record SearchExhausted : StrategyStep;
