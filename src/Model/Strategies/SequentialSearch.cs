using ActorTune.Model.State;

namespace ActorTune.Model.Strategies;

/// <summary>
/// Runs a strategy over its whole budget on this thread, one trial at a time, without actors or a database: how the
/// benchmarks and tests compare strategies at equal budget. Regions are recorded as the supervisor records them.
/// </summary>
public static class SequentialSearch
{
    /// <param name="evaluate">A trial's value from its id and configuration; null for a trial that failed.</param>
    public static SearchHistory Run(ISearchStrategy strategy, SearchHistory start, Func<Observation, double?> evaluate)
    {
        var history = start;
        while (history.NextTrialId <= history.Budget)
        {
            var step = strategy.Next(history);
            if (step is SearchExhausted)
            {
                break;
            }
            if (step is not ProposeTrial proposal)
            {
                throw new InvalidOperationException($"the strategy waited for results at trial {history.NextTrialId} with every trial finished");
            }
            var trialId = history.NextTrialId;
            if (proposal.NewRegion is { } region)
            {
                history = history.WithRegion(region);
            }
            history = history.WithProposal(trialId, proposal.Config, proposal.Round);
            var value = evaluate(history.Trials[trialId - 1]);
            history = history.WithResult(trialId, value is null ? TrialStatus.Failed : TrialStatus.Completed, value);
        }
        return history;
    }

    /// <summary>The best value in the history on its goal, or null when no trial has one.</summary>
    public static double? BestValue(SearchHistory history) => history.RankedResults().FirstOrDefault()?.Value;
}
