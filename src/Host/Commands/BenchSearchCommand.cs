using System.Collections.Concurrent;
using System.Diagnostics;
using ActorTune.Host.Configuration;
using ActorTune.Host.Hosting;
using ActorTune.Host.Output;
using ActorTune.Model.Randomness;
using ActorTune.Model.State;
using ActorTune.Model.Strategies;
using ActorTune.Model.Sweep;
using ActorTune.Model.Training;

namespace ActorTune.Host.Commands;

/// <summary>
/// <c>bench search</c>: search quality at equal budget. Every problem (a sweep file) is searched by every strategy
/// once per seed (the sweep seed 1..N), in this process through the Model alone (no actors, no database), one trial
/// at a time, each trial trained for the file's epochs exactly as a sweep would (same trial seeds, same value: the
/// best epoch on the metric, a diverged trial stopped). Reports, per problem and strategy, the best value's mean and
/// spread over the seeds. Grid gets the fewest points per range whose grid holds the budget (2 for six parameters
/// and 30 trials), visited in its seeded random order.
/// </summary>
public static class BenchSearchCommand
{
    public static readonly IReadOnlyList<string> DefaultStrategies =
        [StrategyCatalog.Grid, StrategyCatalog.Random, StrategyCatalog.Sobol, StrategyCatalog.CoarseToFine, StrategyCatalog.Tpe];

    public sealed record Options(IReadOnlyList<string> Problems, int Seeds, IReadOnlyList<string> Strategies, int Parallel, bool Json);

    public static int Run(Options options)
    {
        var problems = Load(options.Problems);
        var errors = problems.SelectMany(p => Validate(options.Strategies, p.Spec)).Distinct().ToList();
        if (errors.Count > 0)
        {
            errors.ForEach(Console.Error.WriteLine);
            return ExitCodes.BadInput;
        }
        var jobs = (from problem in problems
                    from strategy in options.Strategies
                    from seed in Enumerable.Range(1, options.Seeds)
                    select (Problem: problem, Strategy: strategy, Seed: seed)).ToList();
        var runs = new ConcurrentDictionary<(string Problem, string Strategy, int Seed), SearchBenchReport.Run>();
        var clock = Stopwatch.StartNew();
        Parallel.ForEach(jobs, new ParallelOptions { MaxDegreeOfParallelism = options.Parallel }, job =>
            runs[(job.Problem.Name, job.Strategy, job.Seed)] = Search(job.Problem.Spec, job.Strategy, job.Seed));
        var report = new SearchBenchReport(options.Seeds, clock.Elapsed.TotalSeconds, problems.Select(problem => new SearchBenchReport.Problem(
            problem.Name, problem.Spec,
            options.Strategies.ToDictionary(s => s, s => (IReadOnlyList<SearchBenchReport.Run>)Enumerable.Range(1, options.Seeds)
                .Select(seed => runs[(problem.Name, s, seed)]).ToList()))).ToList());
        Console.WriteLine(options.Json ? report.Json() : report.Text());
        return 0;
    }

    /// <summary>Problems with the strategies named, each checked as a sweep file's strategy block would be.</summary>
    public static IEnumerable<string> Validate(IReadOnlyList<string> strategies, SweepSpec problem) =>
        strategies.SelectMany(label => StrategyCatalog.Validate(problem with { Strategy = StrategyFor(problem, label) })
            .Select(error => $"--strategies {label}: {error}"));

    /// <summary>The sweep files named, or every *.hocon in a directory named, in name order.</summary>
    private static List<(string Name, SweepSpec Spec)> Load(IReadOnlyList<string> paths) =>
        paths.SelectMany<string, string>(path => Directory.Exists(path) ? Directory.GetFiles(path, "*.hocon").Order(StringComparer.Ordinal) : [path])
            .Select(file => (Path.GetFileNameWithoutExtension(file), SweepFileLoader.Load(file).Spec))
            .ToList();

    private static SearchBenchReport.Run Search(SweepSpec problem, string strategyName, int seed)
    {
        var spec = problem with { Seed = seed, Strategy = StrategyFor(problem, strategyName) };
        var strategy = StrategyCatalog.Create(spec);
        var searchSeconds = 0.0;
        var measured = new TimedStrategy(strategy, seconds => searchSeconds += seconds);
        var history = SequentialSearch.Run(measured, SearchHistory.Start(spec), trial => Train(spec, trial));
        return new SearchBenchReport.Run(seed, SequentialSearch.BestValue(history), history.Trials.Count, searchSeconds,
            history.Trials.Take(SearchBenchReport.Run.Shown).Select(t => (t.Config, t.Value)).ToList());
    }

    /// <summary>
    /// The strategy as the benchmark runs it: "tpe" with its defaults, "tpe:gamma=0.1,startup=5" with those options;
    /// a grid without points gets the fewest whose grid holds the budget.
    /// </summary>
    public static ComponentSpec StrategyFor(SweepSpec problem, string label)
    {
        var parts = label.Split(':', 2);
        var spec = ComponentSpec.Named(parts[0]);
        foreach (var option in parts.Length > 1 ? parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries) : [])
        {
            var pair = option.Split('=', 2);
            spec = spec.With(pair[0].Trim(), pair.Length > 1 ? pair[1].Trim() : "");
        }
        if (spec.Type != StrategyCatalog.Grid || spec.Options.ContainsKey("points"))
        {
            return spec;
        }
        var points = 2;
        while (GridStrategy.Size(problem.Space, points) < problem.Trials)
        {
            points++;
        }
        return spec.With("points", points.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>One trial, trained as a trial actor would: its seed from (sweep seed, trial id), stopped when it diverges.</summary>
    private static double? Train(SweepSpec spec, Observation trial)
    {
        using var trainable = TrainableCatalog.Create(spec, trial.TrialId, trial.Config, Seeds.Derive(spec.Seed, Seeds.Purpose("trial"), trial.TrialId));
        double? best = null;
        for (var epoch = 1; epoch <= spec.Epochs; epoch++)
        {
            var metrics = trainable.RunEpoch(epoch);
            if (metrics.TryGetValue(spec.Metric, out var value) && double.IsFinite(value) && (best is null || spec.Goal.IsBetter(value, best.Value)))
            {
                best = value;
            }
            if (TrialRules.AfterEpoch(spec, epoch, metrics) != TrialVerdict.Continue)
            {
                break;
            }
        }
        return best;
    }

    /// <summary>Adds up the time a strategy spends deciding, apart from the time trials spend training.</summary>
    private sealed class TimedStrategy(ISearchStrategy inner, Action<double> spent) : ISearchStrategy
    {
        public StrategyStep Next(SearchHistory history)
        {
            var clock = Stopwatch.StartNew();
            var step = inner.Next(history);
            spent(clock.Elapsed.TotalSeconds);
            return step;
        }
    }
}
