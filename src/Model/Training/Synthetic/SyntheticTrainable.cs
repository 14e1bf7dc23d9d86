using ActorTune.Model.Randomness;
using ActorTune.Model.Space;
using ActorTune.Model.Sweep;
using MathNet.Numerics.Distributions;

namespace ActorTune.Model.Training.Synthetic;

/// <summary>
/// A cheap, deterministic stand-in for training, for tests and orchestration benchmarks. Every searched
/// parameter has an optimum on its own scale (by default at 0.618 of its unit range; set one with
/// <c>synthetic.optimum.NAME</c>) and a weight (<c>synthetic.weights.NAME</c>, default 1: 0 makes it irrelevant).
/// Closeness to the optimum sets the final accuracy (up to 0.95) and how fast the curve rises, so good
/// configurations also look good early, as real ones mostly do. Options: <c>noise</c> (σ of the per-epoch
/// noise, default 0.005), <c>epoch-seconds</c> (sleep per epoch, default 0), <c>diverge-above</c> (a learning
/// rate at or above which the loss becomes NaN), <c>fail-at-epoch</c> (throw at that epoch, for failure tests;
/// a hyperparameter of that name does the same per trial).
/// </summary>
public sealed class SyntheticTrainable : ITrainable
{
    private const double Width = 0.2;
    private readonly TrialContext _context;
    private readonly SyntheticProblem _problem;
    private readonly double _quality;
    private int _epochsDone;

    public SyntheticTrainable(TrialContext context, SearchSpace space)
    {
        _context = context;
        _problem = SyntheticProblem.From(context.Model, space);
        _quality = _problem.Quality(context.Config);
    }

    /// <summary>Option keys the model reads, for validation.</summary>
    public static readonly IReadOnlyList<string> OptionPrefixes = ["optimum", "weights", "noise", "epoch-seconds", "diverge-above", "fail-at-epoch"];

    public IReadOnlyDictionary<string, double> RunEpoch(int epoch)
    {
        if (_problem.EpochSeconds > 0)
        {
            Thread.Sleep(TimeSpan.FromSeconds(_problem.EpochSeconds));
        }
        var failAt = _context.Config.Integer("fail-at-epoch", _problem.FailAtEpoch ?? 0);
        if (failAt > 0 && epoch >= failAt)
        {
            throw new InvalidOperationException($"synthetic failure at epoch {epoch}");
        }
        _epochsDone = epoch;
        if (_problem.DivergeAbove is { } limit && _context.Config.Number("learning-rate", 0) >= limit)
        {
            return Metrics(double.NaN, 0.1, double.NaN);
        }
        var random = new Random(Seeds.Derive(_context.Seed, Seeds.Purpose("synthetic"), epoch));
        var final = 0.10 + 0.85 * _quality;
        var rate = 0.08 + 0.5 * _quality;
        var progress = 1 - Math.Exp(-rate * epoch);
        var accuracy = Math.Clamp(0.10 + (final - 0.10) * progress + Normal.Sample(random, 0, _problem.Noise), 0.0, 1.0);
        var validLoss = -Math.Log(Math.Max(accuracy, 1e-3)) + 0.05;
        var trainLoss = Math.Max(0, validLoss - 0.05 * progress + Normal.Sample(random, 0, _problem.Noise));
        return Metrics(trainLoss, accuracy, validLoss);
    }

    private static Dictionary<string, double> Metrics(double trainLoss, double accuracy, double validLoss) => new()
    {
        [MetricNames.TrainLoss] = trainLoss,
        [MetricNames.ValidationAccuracy] = accuracy,
        [MetricNames.ValidationLoss] = validLoss,
    };

    public byte[] SaveCheckpoint() => BitConverter.GetBytes(_epochsDone);

    public void LoadCheckpoint(byte[] state) => _epochsDone = BitConverter.ToInt32(state);

    public void Dispose()
    {
    }

    /// <summary>The problem the options describe: where each parameter's optimum is and how much it matters.</summary>
    private sealed record SyntheticProblem(
        IReadOnlyList<(ParameterSpec Parameter, double Optimum, double Weight)> Terms,
        double Noise, double EpochSeconds, double? DivergeAbove, int? FailAtEpoch)
    {
        public static SyntheticProblem From(ComponentSpec model, SearchSpace space)
        {
            var optimum = model.Under("optimum").ToDictionary(p => p.Key, p => p.Value);
            var weights = model.Under("weights").ToDictionary(p => p.Key, p => p.Value);
            var terms = space.Searched.Select(p =>
            {
                var at = optimum.TryGetValue(p.Name, out var raw) ? p.ToUnit(ParamValue.Parse(raw)) : p.ToUnit(p.FromUnit(0.618));
                var weight = weights.TryGetValue(p.Name, out var w) && ParamValue.Parse(w) is { IsNumber: true } number ? number.Number : 1.0;
                return (p, at, weight);
            }).ToList();
            return new SyntheticProblem(terms, model.Number("noise") ?? 0.005, model.Number("epoch-seconds") ?? 0,
                model.Number("diverge-above"), model.Integer("fail-at-epoch"));
        }

        /// <summary>1 at the optimum, falling off as a Gaussian of the weighted distance on each parameter's own scale.</summary>
        public double Quality(TrialConfig config)
        {
            var distance = 0.0;
            foreach (var (parameter, optimum, weight) in Terms)
            {
                var u = config.Contains(parameter.Name) ? parameter.ToUnit(config[parameter.Name]) : optimum;
                distance += weight * (u - optimum) * (u - optimum);
            }
            return Math.Exp(-distance / (2 * Width * Width));
        }
    }
}
