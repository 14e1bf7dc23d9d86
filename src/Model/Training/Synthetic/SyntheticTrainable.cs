using ActorTune.Model.Randomness;
using ActorTune.Model.Space;
using MathNet.Numerics.Distributions;

namespace ActorTune.Model.Training.Synthetic;

/// <summary>
/// A cheap, deterministic stand-in for training, for tests and orchestration benchmarks. Every searched
/// parameter has an optimum on its own scale (by default at 0.618 of its unit range; set one with
/// <c>synthetic.optimum.NAME</c>) and a weight (<c>synthetic.weights.NAME</c>, default 1: 0 makes it irrelevant).
/// Closeness to the optimum sets the final accuracy (up to 0.95) and how fast the curve rises, so good
/// configurations also look good early, as real ones mostly do. Options: <c>noise</c> (σ of the per-epoch
/// noise, default 0.005), <c>width</c> (how far, in unit-range lengths, quality falls to e^-1/2 of its peak: default 0.2;
/// smaller makes the optimum harder to find), <c>epoch-seconds</c> (sleep per epoch, default 0), <c>diverge-above</c> (a learning
/// rate at or above which the loss becomes NaN), <c>fail-at-epoch</c> (throw at that epoch, for failure tests;
/// a hyperparameter of that name does the same per trial).
/// </summary>
public sealed class SyntheticTrainable : ITrainable
{
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
    public static readonly IReadOnlyList<string> OptionPrefixes = ["optimum", "weights", "noise", "width", "epoch-seconds", "diverge-above", "fail-at-epoch"];

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
}
