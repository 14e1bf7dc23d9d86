using ActorTune.Model.Space;
using ActorTune.Model.State;

namespace ActorTune;

/// <summary>How a sweep run from code stands: its best trial, and the whole state as <c>actortune show</c> folds it.</summary>
/// <param name="Name">The sweep's name in the database.</param>
/// <param name="Status">completed, failed, running, paused or cancelled.</param>
/// <param name="BestTrial">The best trial's id; null while no trial has a value.</param>
/// <param name="BestValue">The best trial's best value on the sweep's metric.</param>
/// <param name="BestParams">The best trial's hyperparameters at its best epoch.</param>
/// <param name="State">Every trial with its status, parameters and epochs.</param>
public sealed record TuningResult(string Name, string Status, int? BestTrial, double? BestValue,
    IReadOnlyDictionary<string, ParamValue> BestParams, SweepState State)
{
    internal static TuningResult From(SweepState state)
    {
        var spec = state.RequireSpec();
        var best = state.Best();
        return new TuningResult(spec.Name, state.Status.ToString().ToLowerInvariant(), best?.Id, best?.BestValue,
            best?.ConfigAtBest(spec.Metric, spec.Goal).Values ?? (IReadOnlyDictionary<string, ParamValue>)new Dictionary<string, ParamValue>(), state);
    }
}
