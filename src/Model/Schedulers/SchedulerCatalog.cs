using System.Globalization;
using ActorTune.Model.Sweep;

namespace ActorTune.Model.Schedulers;

/// <summary>The early-stopping schedulers a sweep file can name (<c>scheduler { type = … }</c>), their options and how to build one.</summary>
public static class SchedulerCatalog
{
    public static readonly IReadOnlyList<string> Names = ["none", "median", "asha", "hyperband", "pbt"];

    private static readonly IReadOnlyDictionary<string, string[]> Options = new Dictionary<string, string[]>
    {
        ["none"] = [],
        ["median"] = ["grace", "min-trials"],
        ["asha"] = ["grace", "eta"],
        ["hyperband"] = ["grace", "eta", "brackets"],
        ["pbt"] = ["interval", "quantile", "resample"],
    };

    public static bool IsNone(SweepSpec spec) => spec.Scheduler.Type == "none";

    public static ITrialScheduler Create(SweepSpec spec)
    {
        var options = spec.Scheduler;
        var eta = options.Number("eta") ?? AshaScheduler.DefaultEta;
        return options.Type switch
        {
            "none" => new NoScheduler(),
            "median" => new MedianScheduler(options.Integer("grace") ?? MedianScheduler.DefaultGrace,
                options.Integer("min-trials") ?? MedianScheduler.DefaultMinTrials),
            "asha" => new AshaScheduler(options.Integer("grace") ?? AshaScheduler.DefaultGrace, eta, spec.Epochs),
            "hyperband" => new HyperbandScheduler(options.Integer("grace") ?? AshaScheduler.DefaultGrace, eta, spec.Epochs,
                options.Integer("brackets")),
            "pbt" => new PbtScheduler(spec.Space, spec.Seed, options.Integer("interval") ?? PbtScheduler.DefaultInterval,
                options.Number("quantile") ?? PbtScheduler.DefaultQuantile, options.Number("resample") ?? PbtScheduler.DefaultResample),
            _ => throw new ArgumentException($"unknown scheduler '{options.Type}'"),
        };
    }

    public static IEnumerable<SpecError> Validate(SweepSpec spec)
    {
        var scheduler = spec.Scheduler;
        if (!Options.TryGetValue(scheduler.Type, out var allowed))
        {
            yield return new SpecError("sweep.scheduler.type", $"unknown scheduler '{scheduler.Type}' ({string.Join(", ", Names)})");
            yield break;
        }
        foreach (var key in scheduler.Options.Keys)
        {
            if (!allowed.Contains(key))
            {
                yield return new SpecError($"sweep.scheduler.{key}", $"unknown option for the {scheduler.Type} scheduler" +
                    (allowed.Length > 0 ? $" ({string.Join(", ", allowed)})" : " (it takes none)"));
                continue;
            }
            var number = scheduler.Number(key);
            var problem = key switch
            {
                "eta" when number is not (> 1 and <= 100) => "must be a number above 1 (the fraction kept at each rung is 1/eta)",
                "grace" when number is not { } g || g != Math.Floor(g) || g < 1 || g > spec.Epochs =>
                    string.Create(CultureInfo.InvariantCulture, $"must be a whole number of epochs from 1 to epochs ({spec.Epochs})"),
                "interval" when number is not { } i || i != Math.Floor(i) || i < 1 || i > spec.Epochs =>
                    string.Create(CultureInfo.InvariantCulture, $"must be a whole number of epochs from 1 to epochs ({spec.Epochs})"),
                "quantile" when number is not (> 0 and <= 0.5) => "must be above 0 and at most 0.5 (the bottom and top fractions of the population)",
                "resample" when number is not (>= 0 and <= 1) => "must be a probability from 0 to 1",
                "min-trials" or "brackets" when number is not { } n || n != Math.Floor(n) || n < 1 || n > 1000 => "must be a whole number from 1 to 1000",
                _ => null,
            };
            if (problem is not null)
            {
                yield return new SpecError($"sweep.scheduler.{key}", $"'{scheduler.Text(key)}' {problem}");
            }
        }
    }
}
