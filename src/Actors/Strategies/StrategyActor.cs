using ActorTune.Actors.Messages;
using ActorTune.Model.Strategies;
using Akka.Actor;

namespace ActorTune.Actors.Strategies;

/// <summary>
/// Holds the sweep's strategy and its view of the history: proposes configurations when asked, learns results
/// when told. The decisions are the strategy's (pure, in Model); this actor only keeps the history current.
/// </summary>
public sealed class StrategyActor : ReceiveActor
{
    private readonly ISearchStrategy _strategy;
    private SearchHistory _history;

    public StrategyActor(ISearchStrategy strategy, SearchHistory history)
    {
        _strategy = strategy;
        _history = history;
        Receive<RestoreHistory>(m => _history = m.History);
        Receive<ObserveResult>(m => _history = _history.WithResult(m.TrialId, m.Status, m.Value));
        Receive<ParametersLearned>(m => _history = _history.WithDeclared(m.TrialId, m.Space, m.Values));
        Receive<ProposeNext>(Propose);
    }

    public static Props Props(ISearchStrategy strategy, SearchHistory history) =>
        Akka.Actor.Props.Create(() => new StrategyActor(strategy, history));

    private void Propose(ProposeNext request)
    {
        if (request.TrialId != _history.NextTrialId)
        {
            // The supervisor's log and this history disagree only if a reply was lost; answer for the asked id.
            Sender.Tell(new ProposalReply(request.TrialId, new WaitForResults()));
            return;
        }
        var step = _strategy.Next(_history);
        if (step is ProposeTrial proposal)
        {
            if (proposal.NewRegion is { } region)
            {
                _history = _history.WithRegion(region);
            }
            _history = _history.WithProposal(request.TrialId, proposal.Config, proposal.Round);
        }
        Sender.Tell(new ProposalReply(request.TrialId, step));
    }
}
