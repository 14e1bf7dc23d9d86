using System.Collections.Immutable;
using ActorTune.Model.Space;
using ActorTune.Model.State;
using ActorTune.Model.Sweep;

namespace ActorTune.Model.Strategies;

/// <summary>What a strategy knows of one trial: what it proposed and, once the trial ended, how it did.</summary>
/// <param name="Value">The trial's best value on the sweep's metric; null while running or when it had none.</param>
public sealed record Observation(int TrialId, TrialConfig Config, int Round, TrialStatus Status, double? Value)
{
    public bool IsFinished => Status.IsFinished();
}

/// <summary>
/// Everything a strategy decides from, in the order it happened. Strategies are functions of this (like
/// Optuna's samplers reading the study), so rebuilding it from the log rebuilds the strategy exactly.
/// </summary>
public sealed record SearchHistory(
    SearchSpace Space, Goal Goal, long Seed, int Budget, ImmutableList<Observation> Trials, ImmutableList<SearchRegion> Regions)
{
    public static SearchHistory Start(SweepSpec spec) =>
        new(spec.Space, spec.Goal, spec.Seed, spec.Trials, ImmutableList<Observation>.Empty, ImmutableList<SearchRegion>.Empty);

    /// <summary>The history a sweep's log implies: each trial with its status and value.</summary>
    public static SearchHistory From(SweepState state)
    {
        var spec = state.RequireSpec();
        return Start(spec) with
        {
            Trials = state.Trials.Select(t => new Observation(t.Id, t.Config, t.Round,
                t.Status, t.Status.IsFinished() ? t.Value(spec.Metric, spec.Goal) : null)).ToImmutableList(),
            Regions = state.Regions,
        };
    }

    public int NextTrialId => Trials.Count + 1;

    public SearchHistory WithProposal(int trialId, TrialConfig config, int round) =>
        trialId == NextTrialId
            ? this with { Trials = Trials.Add(new Observation(trialId, config, round, TrialStatus.Pending, null)) }
            : this;

    public SearchHistory WithResult(int trialId, TrialStatus status, double? value) =>
        trialId >= 1 && trialId <= Trials.Count
            ? this with { Trials = Trials.SetItem(trialId - 1, Trials[trialId - 1] with { Status = status, Value = value }) }
            : this;

    /// <summary>
    /// Define-by-run: trial <paramref name="trialId"/> declared parameters; the space grows to <paramref name="space"/>
    /// and the trial's configuration takes <paramref name="values"/>.
    /// </summary>
    public SearchHistory WithDeclared(int trialId, SearchSpace space, TrialConfig values) =>
        trialId >= 1 && trialId <= Trials.Count
            ? this with { Space = space, Trials = Trials.SetItem(trialId - 1, Trials[trialId - 1] with { Config = ParameterDeclarations.Merge(Trials[trialId - 1].Config, values) }) }
            : this with { Space = space };

    public SearchHistory WithRegion(SearchRegion region) => this with { Regions = Regions.Add(region) };

    /// <summary>Finished trials with a value, best first.</summary>
    public IEnumerable<Observation> RankedResults() =>
        Trials.Where(t => t.IsFinished && t.Value is not null).OrderByDescending(t => Goal.Score(t.Value!.Value)).ThenBy(t => t.TrialId);
}
