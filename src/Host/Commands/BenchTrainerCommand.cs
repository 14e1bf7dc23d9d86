using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ActorTune.Host.Configuration;
using ActorTune.Model.Data;
using ActorTune.Model.Training.Mlp;

namespace ActorTune.Host.Commands;

/// <summary>
/// <c>bench trainer</c>: trains one MLP on the default data set (Adam, ReLU, the benchmark convention of the
/// issues) on this thread and reports training samples per second (evaluation excluded), seconds per epoch and
/// the final validation accuracy.
/// <para>
/// Before the timed run, one epoch of a throwaway trainer of the same shape (another seed) compiles the kernels:
/// the JIT's one-time cost per process would otherwise dominate a run that lasts a few dozen milliseconds, and a
/// sweep pays it once, not per trial. The PyTorch peer in bench/trainer does the same warm-up.
/// </para>
/// </summary>
public static class BenchTrainerCommand
{
    public sealed record Options(int Layers, int HiddenUnits, int BatchSize, int Epochs, double LearningRate, string Data, int Seed, bool Json);

    public static int Run(Options options)
    {
        var data = PreparedData.From(CsvDataLoader.Load(DefaultData.Resolve(options.Data)), 0.2);
        var settings = MlpSettings.Default with
        {
            Layers = options.Layers,
            HiddenUnits = options.HiddenUnits,
            BatchSize = options.BatchSize,
            LearningRate = options.LearningRate,
        };
        var warmUpClock = Stopwatch.StartNew();
        using (var warmUp = new MlpTrainer(settings, data, options.Seed + 1))
        {
            warmUp.TrainEpoch(1);
        }
        var warmUpSeconds = warmUpClock.Elapsed.TotalSeconds;
        using var trainer = new MlpTrainer(settings, data, options.Seed);
        var training = TimeSpan.Zero;
        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            trainer.TrainEpoch(epoch);
            training += clock.Elapsed;
        }
        var (_, accuracy) = trainer.Evaluate();
        var samples = (double)data.TrainRows * options.Epochs;
        var result = new BenchResult(samples / training.TotalSeconds, training.TotalSeconds / options.Epochs, accuracy, warmUpSeconds,
            $"{data.Features}-{string.Join("-", Enumerable.Repeat(options.HiddenUnits, options.Layers))}-{data.Classes}".Replace("--", "-"),
            MlpTrainer.KernelDescription);
        if (options.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(result, BenchJson.Options));
        }
        else
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"network {result.Network}, batch {options.BatchSize}, {options.Epochs} epochs, {result.Kernels}: " +
                $"{result.SamplesPerSecond:0} samples/s, {result.SecondsPerEpoch * 1000:0.00} ms/epoch, val_accuracy {result.ValAccuracy:0.0000} " +
                $"(after a {result.WarmUpSeconds * 1000:0} ms warm-up epoch, not timed)"));
        }
        return 0;
    }

    /// <param name="WarmUpSeconds">The untimed warm-up epoch, JIT compilation included: what a process's first trial pays once.</param>
    private sealed record BenchResult(double SamplesPerSecond, double SecondsPerEpoch, double ValAccuracy, double WarmUpSeconds,
        string Network, string Kernels);

    private static class BenchJson
    {
        public static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    }
}
