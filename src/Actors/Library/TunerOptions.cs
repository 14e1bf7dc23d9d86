using System.Collections.Immutable;
using System.Globalization;
using ActorTune.Model.Space;
using ActorTune.Model.Strategies;
using ActorTune.Model.Sweep;
using ActorTune.Model.Training;
using ActorTune.Model.Training.Objectives;

namespace ActorTune;

/// <summary>
/// How a sweep run from code searches: the same settings a sweep file has (see the README's sweep-file reference),
/// with defaults an Optuna user expects (TPE, minimise, one trial at a time). A sweep that already exists in the
/// database keeps the settings it was defined with; only <see cref="Concurrency"/> applies anew to each run.
/// </summary>
public sealed class TunerOptions
{
    /// <summary>How many trials the sweep runs in all (its budget). Default 20.</summary>
    public int Trials { get; init; } = 20;

    /// <summary>The most epochs (reports) a trial gets; an objective may return sooner. Default 100.</summary>
    public int Epochs { get; init; } = 100;

    /// <summary>Trials at once in this process, each on a thread of its own (the trial dispatcher). Default 1.</summary>
    public int Concurrency { get; init; } = 1;

    /// <summary>The reported metric the sweep optimises. Default <c>value</c> (what <c>ReportAsync(epoch, value)</c> reports).</summary>
    public string Metric { get; init; } = "value";

    /// <summary><c>min</c> or <c>max</c> (also <c>minimize</c>, <c>maximize</c>). Default <c>min</c>.</summary>
    public string Goal { get; init; } = "min";

    /// <summary>The search strategy: <c>tpe</c> (default), <c>random</c>, <c>sobol</c>, <c>coarse-to-fine</c> or <c>grid</c> (which needs <see cref="Space"/>).</summary>
    public string Strategy { get; init; } = StrategyCatalog.Tpe;

    /// <summary>The strategy's options as in a sweep file's <c>strategy</c> block (<c>startup</c>, <c>points</c>, …).</summary>
    public IReadOnlyDictionary<string, object> StrategyOptions { get; init; } = new Dictionary<string, object>();

    /// <summary>Early stopping: <c>none</c> (default), <c>median</c>, <c>asha</c>, <c>hyperband</c> or <c>pbt</c>.</summary>
    public string Scheduler { get; init; } = "none";

    /// <summary>The scheduler's options as in a sweep file's <c>scheduler</c> block (<c>grace</c>, <c>interval</c>, …).</summary>
    public IReadOnlyDictionary<string, object> SchedulerOptions { get; init; } = new Dictionary<string, object>();

    /// <summary>The seed every proposal and every trial's seed derive from. Default 42.</summary>
    public long Seed { get; init; } = 42;

    /// <summary>
    /// Parameters known up front (ranges, choices, fixed values), optional: the objective's own requests add the rest.
    /// A grid sweep needs its whole space here.
    /// </summary>
    public SearchSpace? Space { get; init; }

    /// <summary>
    /// The sweep's running time (all sessions, pauses excluded) after which no trial starts and running ones stop at their
    /// next report (<c>ReportAsync</c> returns false); the sweep ends "completed (time budget)". Default: none.
    /// </summary>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>A checkpoint is kept every this many epochs (the objective's state from <c>SaveCheckpoint</c> or a report). Default 1.</summary>
    public int CheckpointEvery { get; init; } = 1;

    /// <summary>The sweep this defines under <paramref name="name"/>; bad settings throw <see cref="ArgumentException"/> naming each.</summary>
    internal SweepSpec ToSpec(string name)
    {
        var goal = Goal.Trim().ToLowerInvariant() switch
        {
            "min" or "minimize" or "minimise" => Model.Sweep.Goal.Min,
            "max" or "maximize" or "maximise" => Model.Sweep.Goal.Max,
            _ => throw new ArgumentException($"TunerOptions.Goal: '{Goal}' is not min or max", nameof(Goal)),
        };
        var spec = new SweepSpec(name, Seed, null,
            ComponentSpec.Named(TrainableCatalog.Library).With(ObjectiveRegistry.ObjectiveKey, name),
            Metric, goal, Epochs, Trials, Concurrency, Component(Strategy, StrategyOptions), Component(Scheduler, SchedulerOptions),
            Space ?? new SearchSpace([]), CheckpointEvery, TimeBudget: TimeBudget);
        if (Strategy == StrategyCatalog.Grid && spec.Space.Searched.Count == 0)
        {
            throw new ArgumentException("TunerOptions.Space: a grid sweep needs its space up front (a grid cannot be laid over " +
                "parameters it has not seen); give the ranges and choices in TunerOptions.Space, or use tpe, random or sobol", nameof(Space));
        }
        return spec;
    }

    /// <summary>Everything wrong with <paramref name="spec"/>, in the sweep file's words, as one exception.</summary>
    internal static void Validate(SweepSpec spec)
    {
        var errors = SweepSpecValidator.Validate(spec);
        if (errors.Count > 0)
        {
            throw new ArgumentException("bad tuner options: " + string.Join("; ", errors.Select(e => $"{e.Where.Replace("sweep.", "")}: {e.Message}")));
        }
    }

    private static ComponentSpec Component(string type, IReadOnlyDictionary<string, object> options) =>
        new(type, options.ToImmutableSortedDictionary(p => p.Key, p => Convert.ToString(p.Value, CultureInfo.InvariantCulture) ?? "", StringComparer.Ordinal));
}
