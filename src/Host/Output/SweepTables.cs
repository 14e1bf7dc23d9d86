using System.Globalization;
using ActorTune.Model.State;
using Spectre.Console;

namespace ActorTune.Host.Output;

/// <summary>The tables and summaries <c>show</c>, <c>list</c> and the end of <c>run</c> print.</summary>
public static class SweepTables
{
    public static void WriteTrials(SweepState state, string? status = null)
    {
        var spec = state.RequireSpec();
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(spec.Name)}[/]  {status ?? state.Status.ToName()}{Markup.Escape(FailureNote(state))}  " +
                               $"{state.Finished}/{spec.Trials} trials  {Markup.Escape(spec.Goal.ToString().ToLowerInvariant())} {Markup.Escape(spec.Metric)}  " +
                               $"strategy {Markup.Escape(spec.Strategy.Type)}  scheduler {Markup.Escape(spec.Scheduler.Type)}");
        var searched = spec.Space.Searched.Select(p => p.Name).ToList();
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("trial").AddColumn("status").AddColumn(Markup.Escape(spec.Metric)).AddColumn("at epoch")
            .AddColumn("epochs").AddColumn("seconds").AddColumn("node");
        foreach (var name in searched)
        {
            table.AddColumn(Markup.Escape(name));
        }
        foreach (var trial in state.Ranked())
        {
            var cells = new List<string>
            {
                trial.Id.ToString(CultureInfo.InvariantCulture),
                trial.Status.ToName() + (trial.Reason is null ? "" : $" ({Markup.Escape(trial.Reason)})"),
                Formats.Metric(trial.Value(spec.Metric, spec.Goal)),
                trial.BestEpoch(spec.Metric, spec.Goal)?.ToString(CultureInfo.InvariantCulture) ?? "-",
                trial.LastEpoch.ToString(CultureInfo.InvariantCulture),
                trial.Seconds.ToString("0.00", CultureInfo.InvariantCulture),
                Markup.Escape(trial.Node ?? "-"),
            };
            // The hyperparameters of the epoch the value comes from (a PBT exploit may have replaced the proposal).
            var config = trial.ConfigAtBest(spec.Metric, spec.Goal);
            cells.AddRange(searched.Select(name => config.Contains(name) ? Markup.Escape(Model.Space.TrialConfig.Short(config[name])) : "-"));
            table.AddRow(cells.ToArray());
        }
        AnsiConsole.Write(table);
        WriteDistinctValues(state);
        WriteSchedules(state);
        WriteInterventions(state);
        RegionView.Write(state);
        ImportanceView.Write(state);
    }

    /// <summary>What a babysitter did, per trial, with the epoch each command took effect.</summary>
    public static void WriteInterventions(SweepState state)
    {
        foreach (var trial in state.Trials.Where(t => t.Interventions is { Count: > 0 }))
        {
            var steps = trial.Interventions!.Select(i => $"epoch {i.Epoch}: {i.Action}{(i.Detail.Length > 0 ? " " + i.Detail : "")}");
            AnsiConsole.MarkupLine(Markup.Escape($"trial {trial.Id} interventions: {string.Join("; ", steps)}"));
        }
    }

    /// <summary>Population-based training's lineage: each exploit, the epoch it took effect and the donor's hyperparameters.</summary>
    public static void WriteSchedules(SweepState state)
    {
        var searched = state.RequireSpec().Space.Searched.Select(p => p.Name).ToList();
        foreach (var trial in state.Trials.Where(t => t.Schedule is { Count: > 0 }))
        {
            var steps = trial.Schedule!.Select(c =>
                $"epoch {c.FromEpoch}: from trial {c.Donor} (its epoch {c.DonorEpoch}) with {Formats.Config(c.Config, searched)}");
            AnsiConsole.MarkupLine(Markup.Escape($"trial {trial.Id} lineage: started {Formats.Config(trial.Config, searched)}; {string.Join("; ", steps)}"));
        }
    }

    /// <summary>The seed's grid-vs-random argument, made visible: how many distinct values each parameter got.</summary>
    public static void WriteDistinctValues(SweepState state)
    {
        var spec = state.RequireSpec();
        var counts = spec.Space.Searched.Select(p =>
            $"{p.Name} {state.Trials.Select(t => t.Config.Contains(p.Name) ? t.Config[p.Name] : default).Distinct().Count()}");
        AnsiConsole.MarkupLine($"distinct values tried: {Markup.Escape(string.Join(", ", counts))}");
    }

    public static void WriteSummary(SweepState state, double wallSeconds)
    {
        var spec = state.RequireSpec();
        Console.WriteLine($"sweep {spec.Name} {state.Status.ToName()} in {Formats.Seconds(wallSeconds)}: {state.Trials.Count} trials ({Formats.StatusCounts(state)})");
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
    public static string FailureNote(SweepState state) =>
        state.Status == SweepStatus.Failed && state.FirstFailure() is { } failure ? $" (trial {failure.Id}: {failure.Reason})" : "";

    public static void WriteList(IReadOnlyList<(SweepState State, string Status)> sweeps)
    {
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("sweep").AddColumn("status").AddColumn("trials").AddColumn("metric").AddColumn("best").AddColumn("best trial");
        foreach (var (state, status) in sweeps.Where(s => s.State.Spec is not null))
        {
            var spec = state.RequireSpec();
            var best = state.Best();
            table.AddRow(Markup.Escape(spec.Name), status, $"{state.Finished}/{spec.Trials}",
                Markup.Escape($"{spec.Goal.ToString().ToLowerInvariant()} {spec.Metric}"),
                Formats.Metric(best?.Value(spec.Metric, spec.Goal)), best?.Id.ToString(CultureInfo.InvariantCulture) ?? "-");
        }
        AnsiConsole.Write(table);
    }
}
