using System.Text.Json.Nodes;
using ActorTune.Model.Analysis;
using ActorTune.Model.Space;
using ActorTune.Model.State;
using ActorTune.Model.Sweep;

namespace ActorTune.Host.Dashboard;

/// <summary>
/// The dashboard's JSON, built from a sweep's state (the same fold <c>show</c> uses). Everything a page draws
/// arrives already cut to size: the trials table a page at a time, the charts downsampled (<see cref="CurveSampling"/>),
/// so the browser's work does not grow with the sweep. Non-finite numbers (a diverged loss) are null.
/// </summary>
public static class DashboardViews
{
    public const int MaxCurves = 60;
    public const int MaxPoints = 200;
    public const int MaxScatter = 1500;
    public const int MaxHistory = 2000;
    public const int MaxPageSize = 500;

    public static JsonObject SweepSummary(SweepState state, string status)
    {
        var spec = state.RequireSpec();
        var best = state.Best();
        return new JsonObject
        {
            ["name"] = spec.Name,
            ["status"] = status,
            ["metric"] = spec.Metric,
            ["goal"] = spec.Goal == Goal.Max ? "max" : "min",
            ["model"] = spec.Model.Type,
            ["strategy"] = spec.Strategy.Type,
            ["scheduler"] = spec.Scheduler.Type,
            ["trials_planned"] = spec.Trials,
            ["trials"] = state.Trials.Count,
            ["finished"] = state.Finished,
            ["running"] = state.Running,
            ["epochs"] = spec.Epochs,
            ["babysit"] = spec.Babysit,
            ["defined_at"] = state.DefinedAt,
            ["completed_at"] = state.CompletedAt,
            ["events"] = state.EventCount,
            ["best"] = best is null ? null : new JsonObject
            {
                ["trial"] = best.Id,
                ["value"] = Number(best.BestValue),
                ["params"] = Params(best.CurrentConfig),
            },
        };
    }

    /// <summary>One sweep's page: summary, counts, parameters and their scales, and every chart's (downsampled) data.</summary>
    public static JsonObject Sweep(SweepState state, string status, (HyperparameterImportance? Value, bool Computing) importanceNow)
    {
        var (importance, computing) = importanceNow;
        var spec = state.RequireSpec();
        var view = SweepSummary(state, status);
        view["counts"] = new JsonObject(Enum.GetValues<TrialStatus>()
            .Select(s => KeyValuePair.Create(s.ToName(), (JsonNode?)state.Trials.Count(t => t.Status == s))));
        view["params"] = new JsonArray(spec.Space.Parameters.Where(p => p.IsSearched).Select(Parameter).ToArray());
        view["curves"] = Curves(state);
        view["history"] = History(state);
        view["scatter"] = Scatter(state);
        view["top_pair"] = TopPair(state, importance);
        view["importance"] = new JsonArray((importance?.Parameters ?? []).Select(p => (JsonNode)new JsonObject
        {
            ["param"] = p.Name,
            ["importance"] = Math.Round(p.Importance, 6),
            ["rank"] = p.Rank,
            ["seed_tier"] = p.SeedTier,
        }).ToArray());
        view["importance_needs"] = HyperparameterImportance.MinTrials;
        view["importance_trials"] = importance?.Trials;
        view["importance_computing"] = computing;
        view["seed_agreement"] = Number(importance?.SeedAgreement);
        view["regions"] = new JsonArray(state.Regions.Select(r => (JsonNode)new JsonObject
        {
            ["round"] = r.Round,
            ["params"] = new JsonArray(r.Parameters.Select(p => (JsonNode)new JsonObject
            {
                ["name"] = p.Name,
                ["min"] = Number(p.Low),
                ["max"] = Number(p.High),
                ["values"] = p.Values is null ? null : new JsonArray(p.Values.Select(Value).ToArray()),
            }).ToArray()),
        }).ToArray());
        view["lineage"] = Lineage(state);
        return view;
    }

    private static JsonNode Parameter(ParameterSpec parameter) => parameter switch
    {
        RangeParameter range => new JsonObject
        {
            ["name"] = range.Name,
            ["scale"] = range.Scale.ToName(),
            ["min"] = range.Min,
            ["max"] = range.Max,
        },
        ChoiceParameter choice => new JsonObject
        {
            ["name"] = choice.Name,
            ["scale"] = "choice",
            ["values"] = new JsonArray(choice.Values.Select(Value).ToArray()),
        },
        _ => new JsonObject { ["name"] = parameter.Name, ["scale"] = "fixed" },
    };

    /// <summary>Learning curves on a shared epoch axis: x = epochs, one series of metric values per drawn trial (null where it has none).</summary>
    public static JsonObject Curves(SweepState state, int maxCurves = MaxCurves, int maxPoints = MaxPoints)
    {
        var spec = state.RequireSpec();
        var drawn = CurveSampling.CurvesToDraw(state, maxCurves);
        var last = drawn.Count == 0 ? 0 : drawn.Max(t => t.LastEpoch);
        var grid = CurveSampling.EpochGrid(last, maxPoints);
        var points = 0;
        var series = new JsonArray();
        foreach (var trial in drawn)
        {
            var byEpoch = trial.Epochs.ToDictionary(e => e.Epoch, e => e.Metric(spec.Metric));
            var values = new JsonArray();
            foreach (var epoch in grid)
            {
                var value = byEpoch.TryGetValue(epoch, out var v) ? Number(v) : null;
                points += value is null ? 0 : 1;
                values.Add(value);
            }
            series.Add(new JsonObject
            {
                ["trial"] = trial.Id,
                ["status"] = trial.Status.ToName(),
                ["values"] = values,
                ["params"] = Params(trial.CurrentConfig),
            });
        }
        return new JsonObject
        {
            ["total"] = state.Trials.Count(t => t.Epochs.Count > 0),
            ["drawn"] = drawn.Count,
            ["points"] = points,
            ["epochs"] = new JsonArray(grid.Select(e => (JsonNode)e).ToArray()),
            ["series"] = series,
        };
    }

    /// <summary>
    /// Each finished trial's value in the order trials finished, with the best so far. Downsampled by keeping every
    /// improvement of the best and an even spread of the rest.
    /// </summary>
    public static JsonObject History(SweepState state, int maxPoints = MaxHistory)
    {
        var spec = state.RequireSpec();
        var finished = state.Trials.Where(t => t.Status.IsFinished() && t.BestValue is not null)
            .OrderBy(t => t.EndedAt ?? DateTimeOffset.MaxValue).ThenBy(t => t.Id).ToList();
        var rows = new List<(int Order, TrialState Trial, double Best, bool Improved)>();
        double? best = null;
        for (var i = 0; i < finished.Count; i++)
        {
            var value = finished[i].BestValue!.Value;
            var improved = best is null || spec.Goal.IsBetter(value, best.Value);
            best = improved ? value : best;
            rows.Add((i + 1, finished[i], best!.Value, improved));
        }
        var kept = rows.Count <= maxPoints
            ? rows
            : rows.Where(r => r.Improved).Concat(CurveSampling.Spread(rows.Where(r => !r.Improved).ToList(), maxPoints - rows.Count(r => r.Improved)))
                .OrderBy(r => r.Order).ToList();
        return new JsonObject
        {
            ["total"] = rows.Count,
            ["order"] = new JsonArray(kept.Select(r => (JsonNode)r.Order).ToArray()),
            ["trial"] = new JsonArray(kept.Select(r => (JsonNode)r.Trial.Id).ToArray()),
            ["value"] = new JsonArray(kept.Select(r => Number(r.Trial.BestValue)).ToArray()),
            ["best"] = new JsonArray(kept.Select(r => Number(r.Best)).ToArray()),
        };
    }

    /// <summary>Per searched parameter, each trial's value at its (current) setting: the best and an even spread of the rest when there are many.</summary>
    public static JsonObject Scatter(SweepState state, int maxPoints = MaxScatter)
    {
        var spec = state.RequireSpec();
        var (shown, total) = Sample(state, maxPoints);
        var result = new JsonObject { ["total"] = total, ["shown"] = shown.Count };
        var trials = new JsonArray(shown.Select(t => (JsonNode)t.Id).ToArray());
        result["trial"] = trials;
        result["value"] = new JsonArray(shown.Select(t => Number(t.BestValue)).ToArray());
        var columns = new JsonObject();
        foreach (var parameter in spec.Space.Parameters.Where(p => p.IsSearched))
        {
            columns[parameter.Name] = new JsonArray(shown.Select(t => t.CurrentConfig.Contains(parameter.Name) ? Value(t.CurrentConfig[parameter.Name]) : null).ToArray());
        }
        result["params"] = columns;
        return result;
    }

    /// <summary>The trials a parameter chart places when there are many: the best quarter, and an even spread of the rest.</summary>
    private static (IReadOnlyList<TrialState> Shown, int Total) Sample(SweepState state, int maxPoints)
    {
        var goal = state.RequireSpec().Goal;
        var valued = state.Trials.Where(t => t.BestValue is not null).ToList();
        return (valued.Count <= maxPoints
            ? valued
            : CurveSampling.Best(valued, goal).Take(maxPoints / 4)
                .Concat(CurveSampling.Spread(CurveSampling.Best(valued, goal).Skip(maxPoints / 4).ToList(), maxPoints - maxPoints / 4))
                .ToList(), valued.Count);
    }

    /// <summary>
    /// The two most important searched parameters against each other (the report's top pair: <see cref="Reports.TopPair"/>),
    /// in plot positions on each one's own scale with the ticks to label them, each trial's value for its colour, and
    /// each coarse-to-fine round's region as a rectangle. Null with fewer than two searched parameters.
    /// </summary>
    public static JsonObject? TopPair(SweepState state, HyperparameterImportance? importance, int maxPoints = MaxScatter)
    {
        var ranking = (importance?.Parameters ?? []).Select(p => new Reports.RankedParameter(p.Name, p.Importance)).ToList();
        var (shown, total) = Sample(state, maxPoints);
        if (Reports.TopPair.Of(state, ranking, shown) is not { } pair)
        {
            return null;
        }
        static JsonObject Axis(Reports.ParameterAxis axis, ParameterSpec parameter)
        {
            var (low, high) = axis.Limits();
            return new JsonObject
            {
                ["name"] = parameter.Name,
                ["label"] = axis.Label,
                ["min"] = low,
                ["max"] = high,
                ["ticks"] = axis.Ticks() is { } ticks
                    ? new JsonArray(ticks.Select(t => (JsonNode)new JsonObject { ["at"] = t.Position, ["label"] = t.Label }).ToArray())
                    : null,
            };
        }
        return new JsonObject
        {
            ["by_importance"] = pair.ByImportance,
            ["x"] = Axis(pair.XAxis, pair.XParameter),
            ["y"] = Axis(pair.YAxis, pair.YParameter),
            ["total"] = total,
            ["shown"] = pair.Points.Count,
            ["trial"] = new JsonArray(pair.Points.Select(p => (JsonNode)p.Trial.Id).ToArray()),
            ["value"] = new JsonArray(pair.Points.Select(p => Number(p.Trial.BestValue)).ToArray()),
            ["px"] = new JsonArray(pair.Points.Select(p => Number(p.X)).ToArray()),
            ["py"] = new JsonArray(pair.Points.Select(p => Number(p.Y)).ToArray()),
            ["round"] = new JsonArray(pair.Points.Select(p => (JsonNode)p.Trial.Round).ToArray()),
            ["regions"] = new JsonArray(pair.Regions.Select(r => (JsonNode)new JsonObject
            {
                ["round"] = r.Round,
                ["x1"] = r.X1,
                ["x2"] = r.X2,
                ["y1"] = r.Y1,
                ["y2"] = r.Y2,
            }).ToArray()),
        };
    }

    /// <summary>Population-based training's exploits: which trial took whose weights and hyperparameters, at which epoch.</summary>
    private static JsonArray Lineage(SweepState state) => new(state.Trials
        .SelectMany(t => (t.Schedule ?? []).Where(c => c.Donor != t.Id).Select(c => (t.Id, Change: c)))
        .Take(500)
        .Select(x => (JsonNode)new JsonObject
        {
            ["trial"] = x.Id,
            ["epoch"] = x.Change.FromEpoch,
            ["donor"] = x.Change.Donor,
            ["donor_epoch"] = x.Change.DonorEpoch,
            ["reason"] = x.Change.Reason,
            ["params"] = Params(x.Change.Config),
        }).ToArray());

    /// <summary>One page of the trials table: filtered by status, sorted by any column (value by default, best first).</summary>
    public static JsonObject TrialsPage(SweepState state, string? sort, bool descending, string? status, int offset, int limit)
    {
        var spec = state.RequireSpec();
        IEnumerable<TrialState> trials = state.Trials;
        if (!string.IsNullOrEmpty(status))
        {
            trials = trials.Where(t => t.Status.ToName() == status);
        }
        var filtered = trials.ToList();
        IEnumerable<TrialState> ordered = sort switch
        {
            null or "" or "value" => descending
                ? filtered.OrderBy(t => t.BestValue is null).ThenBy(t => t.BestValue is { } v ? spec.Goal.Score(v) : 0).ThenBy(t => t.Id)
                : filtered.OrderBy(t => t.BestValue is null).ThenByDescending(t => t.BestValue is { } v ? spec.Goal.Score(v) : 0).ThenBy(t => t.Id),
            "id" => descending ? filtered.OrderByDescending(t => t.Id) : filtered.OrderBy(t => t.Id),
            "status" => Order(filtered, t => t.Status.ToName(), descending),
            "epochs" => Order(filtered, t => t.LastEpoch, descending),
            "round" => Order(filtered, t => t.Round, descending),
            "seconds" => Order(filtered, t => t.Seconds, descending),
            var name => descending
                ? filtered.OrderBy(t => !t.CurrentConfig.Contains(name)).ThenByDescending(t => NumberOf(t, name)).ThenByDescending(t => TextOf(t, name)).ThenBy(t => t.Id)
                : filtered.OrderBy(t => !t.CurrentConfig.Contains(name)).ThenBy(t => NumberOf(t, name)).ThenBy(t => TextOf(t, name)).ThenBy(t => t.Id),
        };
        limit = Math.Clamp(limit, 1, MaxPageSize);
        offset = Math.Max(0, offset);
        var rows = new JsonArray();
        foreach (var trial in ordered.Skip(offset).Take(limit))
        {
            rows.Add(new JsonObject
            {
                ["id"] = trial.Id,
                ["status"] = trial.Status.ToName(),
                ["value"] = Number(trial.BestValue),
                ["best_epoch"] = trial.BestEpoch(spec.Metric, spec.Goal),
                ["epochs"] = trial.LastEpoch,
                ["round"] = trial.Round,
                ["seconds"] = Math.Round(trial.Seconds, 3),
                ["node"] = trial.Node,
                ["params"] = Params(trial.CurrentConfig),
            });
        }
        return new JsonObject { ["total"] = filtered.Count, ["offset"] = offset, ["limit"] = limit, ["rows"] = rows };
    }

    private static IEnumerable<TrialState> Order<TKey>(List<TrialState> trials, Func<TrialState, TKey> key, bool descending) =>
        descending ? trials.OrderByDescending(key).ThenBy(t => t.Id) : trials.OrderBy(key).ThenBy(t => t.Id);

    private static double NumberOf(TrialState trial, string name) =>
        trial.CurrentConfig.Contains(name) && trial.CurrentConfig[name].IsNumber ? trial.CurrentConfig[name].Number : double.MaxValue;

    private static string TextOf(TrialState trial, string name) =>
        trial.CurrentConfig.Contains(name) ? trial.CurrentConfig[name].Text : "";

    /// <summary>One trial: every epoch with every metric, the proposal and the current config, interventions and schedule.</summary>
    public static JsonObject Trial(SweepState state, string status, TrialState trial)
    {
        var spec = state.RequireSpec();
        return new JsonObject
        {
            ["sweep"] = spec.Name,
            ["sweep_status"] = status,
            ["metric"] = spec.Metric,
            ["goal"] = spec.Goal == Goal.Max ? "max" : "min",
            ["babysit"] = spec.Babysit,
            ["id"] = trial.Id,
            ["status"] = trial.Status.ToName(),
            ["value"] = Number(trial.BestValue),
            ["best_epoch"] = trial.BestEpoch(spec.Metric, spec.Goal),
            ["round"] = trial.Round,
            ["node"] = trial.Node,
            ["attempts"] = trial.Attempt,
            ["resumed_from"] = trial.ResumedFrom,
            ["reason"] = trial.Reason,
            ["started_at"] = trial.StartedAt,
            ["ended_at"] = trial.EndedAt,
            ["params"] = Params(trial.Config),
            ["current"] = Params(trial.CurrentConfig),
            ["epochs"] = new JsonArray(trial.Epochs.Select(e =>
            {
                var row = new JsonObject { ["epoch"] = e.Epoch };
                foreach (var (name, value) in e.Metrics)
                {
                    row[name] = Number(value);
                }
                row["seconds"] = Math.Round(e.Seconds, 6);
                return (JsonNode)row;
            }).ToArray()),
            ["interventions"] = new JsonArray((trial.Interventions ?? []).Select(i => (JsonNode)new JsonObject
            {
                ["epoch"] = i.Epoch,
                ["action"] = i.Action,
                ["detail"] = i.Detail,
                ["at"] = i.At,
            }).ToArray()),
            ["schedule"] = new JsonArray((trial.Schedule ?? []).Select(c => (JsonNode)new JsonObject
            {
                ["epoch"] = c.FromEpoch,
                ["donor"] = c.Donor,
                ["donor_epoch"] = c.DonorEpoch,
                ["params"] = Params(c.Config),
                ["reason"] = c.Reason,
            }).ToArray()),
        };
    }

    private static JsonObject Params(TrialConfig config) =>
        new(config.Values.Select(pair => KeyValuePair.Create(pair.Key, Value(pair.Value))));

    private static JsonNode? Value(ParamValue value) => value.IsNumber ? Number(value.Number) : JsonValue.Create(value.Text);

    private static JsonNode? Number(double? value) => value is { } v && double.IsFinite(v) ? JsonValue.Create(v) : null;
}
