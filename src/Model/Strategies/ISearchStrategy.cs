namespace ActorTune.Model.Strategies;

/// <summary>
/// Proposes the next trial's configuration from the history so far. Implementations are deterministic in
/// (history, sweep seed) and keep no state of their own, so recovery is a rebuilt history and nothing else.
/// </summary>
public interface ISearchStrategy
{
    StrategyStep Next(SearchHistory history);
}
