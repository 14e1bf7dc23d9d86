using ActorTune.Model.State;
using ActorTune.Model.Strategies;
using ActorTune.Model.Sweep;

namespace ActorTune.Model.Tests;

/// <summary>Drives a strategy through a whole budget without actors: one at a time, or several at once finishing in a chosen order.</summary>
internal static class SearchRuns
{
    public static SearchHistory Sequential(ISearchStrategy strategy, SweepSpec spec, Func<Observation, double?> evaluate) =>
        SequentialSearch.Run(strategy, SearchHistory.Start(spec), evaluate);

    /// <summary>
    /// As the supervisor runs a sweep: up to <paramref name="concurrency"/> trials at once; whenever the strategy waits
    /// or every slot is busy, one running trial finishes, picked by <paramref name="order"/>.
    /// </summary>
    public static SearchHistory Concurrent(ISearchStrategy strategy, SweepSpec spec, int concurrency, Random order, Func<Observation, double?> evaluate)
    {
        var history = SearchHistory.Start(spec);
        var running = new List<int>();
        while (history.NextTrialId <= spec.Trials || running.Count > 0)
        {
            var step = running.Count < concurrency && history.NextTrialId <= spec.Trials ? strategy.Next(history) : null;
            if (step is ProposeTrial proposal)
            {
                if (proposal.NewRegion is { } region)
                {
                    history = history.WithRegion(region);
                }
                history = history.WithProposal(history.NextTrialId, proposal.Config, proposal.Round);
                running.Add(history.Trials.Count);
                continue;
            }
            if (step is SearchExhausted || running.Count == 0)
            {
                Assert.True(step is SearchExhausted, $"the strategy waits at trial {history.NextTrialId} with nothing running");
                break;
            }
            var finished = running[order.Next(running.Count)];
            running.Remove(finished);
            var value = evaluate(history.Trials[finished - 1]);
            history = history.WithResult(finished, value is null ? TrialStatus.Failed : TrialStatus.Completed, value);
        }
        return history;
    }
}
