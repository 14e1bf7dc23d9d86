using System.Globalization;
using ActorTune.Model.State;
using Spectre.Console;

namespace ActorTune.Host.Output;

/// <summary>The tables and summaries <c>show</c>, <c>list</c> and the end of <c>run</c> print.</summary>
public static class SweepTables
{
    /// <summary>Free text in a table cell (a trial's reason) is cut here; <c>show --json</c> has it whole.</summary>
    private const int StatusWidth = 32;

    public static void WriteTrials(SweepState state, string? status = null)
    {
        var spec = state.RequireSpec();
        TextFit.WriteWrapped([spec.Name, (status ?? state.Status.ToName()) + EndNote(state) + FailureNote(state), $"{state.Finished}/{spec.Trials} trials",
            $"{spec.Goal.ToString().ToLowerInvariant()} {spec.Metric}", $"strategy {spec.Strategy.Type}", $"scheduler {spec.Scheduler.Type}"]);
        var searched = spec.Space.Searched.Select(p => p.Name).ToList();
        // Parameters get a column each when they fit beside the rest; otherwise a line of their own under each trial.
        var wide = TrialsTable(state, searched, paramsAsColumns: true);
        var table = wide.NaturalWidth <= TextFit.Width ? wide : TrialsTable(state, searched, paramsAsColumns: false);
        Console.WriteLine();
        foreach (var line in table.Render(TextFit.Width))
        {
            Console.WriteLine(line);
        }
        Console.WriteLine();
        WriteDistinctValues(state);
        WriteSchedules(state);
        WriteInterventions(state);
        RegionView.Write(state);
        ImportanceView.Write(state);
    }

    public static TextTable TrialsTable(SweepState state, IReadOnlyList<string> searched, bool paramsAsColumns)
    {
        var spec = state.RequireSpec();
        var table = new TextTable()
            .Add(new("trial", Right: true))
            .Add(new("status", Cuttable: true))
            .Add(new(spec.Metric, Right: true))
            .Add(new("at epoch", Right: true, DropRank: 1))
            .Add(new("epochs", Right: true))
            .Add(new("seconds", Right: true, DropRank: 3))
            .Add(new("node", DropRank: 2));
        if (paramsAsColumns)
        {
            foreach (var name in searched)
            {
                table.Add(new(name, Right: true));
            }
        }
        foreach (var trial in state.Ranked())
        {
            var cells = new List<string>
            {
                trial.Id.ToString(CultureInfo.InvariantCulture),
                TextFit.Cut(trial.Status.ToName() + (trial.Reason is null ? "" : $" ({trial.Reason})"), StatusWidth),
                Formats.Metric(trial.Value(spec.Metric, spec.Goal)),
                trial.BestEpoch(spec.Metric, spec.Goal)?.ToString(CultureInfo.InvariantCulture) ?? "-",
                trial.LastEpoch.ToString(CultureInfo.InvariantCulture),
                trial.Seconds.ToString("0.00", CultureInfo.InvariantCulture),
                trial.Node ?? "-",
            };
            // The hyperparameters of the epoch the value comes from (a PBT exploit may have replaced the proposal).
            var config = trial.ConfigAtBest(state.RequireSpec().Metric, state.RequireSpec().Goal);
            var values = searched.Select(name => config.Contains(name) ? Model.Space.TrialConfig.Short(config[name]) : "-").ToList();
            if (paramsAsColumns)
            {
                table.AddRow([.. cells, .. values]);
            }
            else
            {
                table.AddRow(cells, searched.Select((name, i) => $"{name}={values[i]}").ToList());
            }
        }
        return table;
    }

    /// <summary>What a babysitter did, per trial, with the epoch each command took effect, in the order they took effect.</summary>
    public static void WriteInterventions(SweepState state)
    {
        foreach (var trial in state.Trials.Where(t => t.Interventions is { Count: > 0 }))
        {
            var steps = InterventionOrder.Sorted(trial.Interventions!)
                .Select(i => $"epoch {i.Epoch}: {i.Action}{(i.Detail.Length > 0 ? " " + i.Detail : "")};").ToList();
            steps[^1] = steps[^1].TrimEnd(';');
            TextFit.WriteWrapped(steps, $"trial {trial.Id} interventions: ", separator: " ");
        }
    }

    /// <summary>
    /// Each trial's hyperparameter schedule: population-based training's exploits (the epoch, the donor and its epoch,
    /// the donor's hyperparameters) and a babysitter's settings (<c>set NAME VALUE</c>, on the trial's own checkpoint).
    /// </summary>
    public static void WriteSchedules(SweepState state)
    {
        var searched = state.RequireSpec().Space.Searched.Select(p => p.Name).ToList();
        foreach (var trial in state.Trials.Where(t => t.Schedule is { Count: > 0 }))
        {
            TextFit.WriteWrapped(Lineage.Steps(trial, searched), $"trial {trial.Id} lineage: ", separator: " ");
        }
    }

    /// <summary>The seed's grid-vs-random argument, made visible: how many distinct values each parameter got.</summary>
    public static void WriteDistinctValues(SweepState state)
    {
        var spec = state.RequireSpec();
        var counts = spec.Space.Searched.Select(p =>
            $"{p.Name} {state.Trials.Select(t => t.Config.Contains(p.Name) ? t.Config[p.Name] : default).Distinct().Count()}").ToList();
        TextFit.WriteWrapped(counts.Select((c, i) => i < counts.Count - 1 ? c + "," : c), "distinct values tried: ", separator: " ");
    }

    public static void WriteSummary(SweepState state, double wallSeconds)
    {
        var spec = state.RequireSpec();
        Console.WriteLine($"sweep {spec.Name} {state.StatusText} in {Formats.Seconds(wallSeconds)}: {state.Trials.Count} trials ({Formats.StatusCounts(state)})");
        if (state.Status == SweepStatus.Failed && state.FirstFailure() is { } failure)
        {
            Console.WriteLine($"every trial failed; the first: trial {failure.Id}: {failure.Reason}");
        }
        if (state.Best() is not { } best)
        {
            Console.WriteLine("no trial reported a value");
            return;
        }
        Console.WriteLine($"best: trial {best.Id}, {spec.Metric} = {Formats.Metric(best.Value(spec.Metric, spec.Goal))} at epoch {best.BestEpoch(spec.Metric, spec.Goal)}");
        foreach (var (name, value) in best.ConfigAtBest(spec.Metric, spec.Goal).Values)
        {
            Console.WriteLine($"  {name} = {value}");
        }
    }

    /// <summary>" (trial 2: epoch 1: …)" after a failed sweep's status: the first reason, which is usually every trial's.</summary>
    /// <summary>Why a sweep ended early, after its status: "completed (time budget)".</summary>
    public static string EndNote(SweepState state) => state.EndReason is { } reason ? $" ({reason})" : "";

    public static string FailureNote(SweepState state) =>
        state.Status == SweepStatus.Failed && state.FirstFailure() is { } failure ? $" (trial {failure.Id}: {failure.Reason})" : "";

    public static void WriteList(IReadOnlyList<(SweepState State, string Status)> sweeps) =>
        WriteList(sweeps.Where(s => s.State.Spec is not null).Select(s => (SweepSummary.Of(s.State), s.Status)).ToList());

    public static void WriteList(IReadOnlyList<(SweepSummary Summary, string Status)> sweeps)
    {
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("sweep").AddColumn(new TableColumn("status").NoWrap()).AddColumn("trials").AddColumn("metric").AddColumn("best").AddColumn("best trial");
        foreach (var (summary, status) in sweeps)
        {
            var note = summary.EndReason is { } reason ? $" ({reason})" : "";
            table.AddRow(Markup.Escape(summary.Name), Markup.Escape(status + note), $"{summary.Finished}/{summary.TrialsPlanned}",
                Markup.Escape($"{summary.Goal.ToString().ToLowerInvariant()} {summary.Metric}"),
                Formats.Metric(summary.BestValue), summary.BestTrial?.ToString(CultureInfo.InvariantCulture) ?? "-");
        }
        AnsiConsole.Write(table);
    }
}
