using ActorTune.Model.Sweep;

namespace ActorTune.Model.State;

/// <summary>
/// What <c>list</c> shows of a sweep, taken from its folded state: kept in a table beside the journal
/// (the summary projection) so that listing a database does not recover every sweep.
/// </summary>
public sealed record SweepSummary(
    string Name, SweepStatus Status, int Finished, int TrialsPlanned, string Metric, Goal Goal, int? BestTrial, double? BestValue,
    string? EndReason = null)
{
    public static SweepSummary Of(SweepState state)
    {
        var spec = state.RequireSpec();
        var best = state.Best();
        return new SweepSummary(spec.Name, state.Status, state.Finished, spec.Trials, spec.Metric, spec.Goal, best?.Id,
            best?.Value(spec.Metric, spec.Goal), state.EndReason);
    }

    /// <summary>
    /// The status as people read it: the sweep's own when it ended or is paused; otherwise running while a process
    /// holds it, else interrupted (`resume` continues it).
    /// </summary>
    public static string StatusText(SweepStatus status, bool held) =>
        status.IsFinal() || status == SweepStatus.Paused ? status.ToName() : held ? "running" : "interrupted";
}
