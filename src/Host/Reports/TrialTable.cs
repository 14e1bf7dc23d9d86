using ActorTune.Model.Space;
using ActorTune.Model.State;

namespace ActorTune.Host.Reports;

/// <summary>
/// A sweep as a flat table, for <c>export</c> and the report's trials table: one row per trial (in id order), or
/// one per epoch. A cell is a string, a double, an int or null (no value, or a non-finite number).
/// Every parameter of any trial gets a column of its own, named as in the sweep file.
/// </summary>
public sealed record TrialTable(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows)
{
    private static readonly string[] TrialColumns = ["id", "status", "value", "best_epoch", "epochs", "seconds", "node", "reason"];

    public static TrialTable Trials(SweepState state)
    {
        var spec = state.RequireSpec();
        var parameters = ParameterNames(state, TrialColumns);
        var rows = state.Trials.Select(trial => (IReadOnlyList<object?>)
        [
            trial.Id,
            trial.Status.ToName(),
            Finite(trial.Value(spec.Metric, spec.Goal)),
            trial.BestEpoch(spec.Metric, spec.Goal),
            trial.Epochs.Count,
            Math.Round(trial.Seconds, 6),
            trial.Node,
            trial.Reason,
            .. Params(trial.ConfigAtBest(spec.Metric, spec.Goal), parameters),
        ]).ToList();
        return new TrialTable([.. TrialColumns, .. parameters.Select(p => p.Column)], rows);
    }

    /// <summary>One row per epoch of every trial (its final attempt): trial, epoch, every metric any trial reported, seconds, params.</summary>
    public static TrialTable Epochs(SweepState state)
    {
        var metrics = state.Trials.SelectMany(t => t.Epochs).SelectMany(e => e.Metrics.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        string[] fixedColumns = ["trial", "epoch", .. metrics, "seconds"];
        var parameters = ParameterNames(state, fixedColumns);
        var rows = state.Trials.SelectMany(trial => trial.Epochs.Select(epoch => (IReadOnlyList<object?>)
        [
            trial.Id,
            epoch.Epoch,
            .. metrics.Select(m => (object?)Finite(epoch.Metric(m))),
            Math.Round(epoch.Seconds, 6),
            .. Params(trial.ConfigAt(epoch.Epoch), parameters),
        ])).ToList();
        return new TrialTable([.. fixedColumns, .. parameters.Select(p => p.Column)], rows);
    }

    /// <summary>Parameter columns in the sweep's order; a name that clashes with a fixed column is written as param.NAME.</summary>
    private static List<(string Name, string Column)> ParameterNames(SweepState state, IReadOnlyCollection<string> taken)
    {
        var names = state.RequireSpec().Space.Parameters.Select(p => p.Name)
            .Concat(state.Trials.SelectMany(t => t.Config.Values.Keys))
            .Distinct()
            .ToList();
        return names.Select(name => (name, taken.Contains(name) ? $"param.{name}" : name)).ToList();
    }

    private static IEnumerable<object?> Params(TrialConfig config, List<(string Name, string Column)> parameters) =>
        parameters.Select(p => config.Values.TryGetValue(p.Name, out var value) ? Cell(value) : null);

    private static object? Cell(ParamValue value) => value.IsNumber ? Finite(value.Number) : value.Text;

    private static object? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}
