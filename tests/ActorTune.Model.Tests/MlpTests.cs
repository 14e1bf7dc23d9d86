using ActorTune.Model.Data;
using ActorTune.Model.Training;
using ActorTune.Model.Training.Mlp;
using ActorTune.Model.Training.Mlp.Kernels;

namespace ActorTune.Model.Tests;

public class MlpTests
{
    /// <summary>
    /// Finite differences against back-propagation, for a network with no hidden layer (softmax output only),
    /// ReLU hidden layers and tanh hidden layers; 40 units against 6 rows take the input gradient through δᵀ.
    /// </summary>
    [Theory]
    [InlineData(0, Activation.Relu, 7)]
    [InlineData(2, Activation.Relu, 7)]
    [InlineData(1, Activation.Relu, 7)]
    [InlineData(1, Activation.Tanh, 7)]
    [InlineData(2, Activation.Tanh, 7)]
    [InlineData(2, Activation.Relu, 40)]
    [InlineData(2, Activation.Tanh, 40)]
    public void Backpropagation_matches_finite_differences(int hiddenLayers, Activation activation, int hiddenUnits)
    {
        var data = TestData.Blobs(rows: 20, features: 5, classes: 3);
        var network = new MlpNetwork(5, hiddenUnits, hiddenLayers, 3, activation, capacity: 6);
        // Seed 12 leaves no ReLU pre-activation within h of its kink (seed 11 puts one at 4e-5, where differences cannot see a slope).
        network.Initialise(new Random(12));
        int[] rows = [0, 3, 5, 8, 9, 12];
        network.Load(data.TrainX, data.TrainY, rows);
        network.Forward(rows.Length, withGradient: true, out _);
        network.Backward(rows.Length);
        var analytic = network.Gradients.ToArray();

        var checkedCount = 0;
        for (var i = 0; i < network.Parameters.Length; i += Math.Max(1, network.Parameters.Length / 60))
        {
            const float h = 1e-3f;
            var original = network.Parameters[i];
            network.Parameters[i] = original + h;
            var plus = network.Forward(rows.Length, withGradient: false, out _);
            network.Parameters[i] = original - h;
            var minus = network.Forward(rows.Length, withGradient: false, out _);
            network.Parameters[i] = original;
            var numeric = (plus - minus) / (2 * h) / rows.Length;
            Assert.True(Math.Abs(numeric - analytic[i]) <= 2e-3 + 0.03 * Math.Abs(numeric),
                $"parameter {i}: numeric {numeric:G6} vs back-propagated {analytic[i]:G6}");
            checkedCount++;
        }
        Assert.True(checkedCount >= Math.Min(18, network.Parameters.Length));
    }

    [Theory]
    [InlineData("sgd", 0.1)]
    [InlineData("momentum", 0.1)]
    [InlineData("rmsprop", 0.003)]
    [InlineData("adam", 0.003)]
    public void Every_optimizer_lowers_the_loss(string optimizer, double learningRate)
    {
        var data = TestData.Blobs();
        var settings = MlpSettings.Default with
        {
            Optimizer = MlpSettings.ParseOptimizer(optimizer)!.Value,
            LearningRate = learningRate,
            HiddenUnits = 16,
        };
        using var trainer = new MlpTrainer(settings, data, seed: 3);
        var (before, _) = trainer.Evaluate();
        for (var epoch = 1; epoch <= 10; epoch++)
        {
            trainer.RunEpoch(epoch);
        }
        var (after, accuracy) = trainer.Evaluate();
        Assert.True(after < before * 0.7, $"{optimizer}: val_loss {before:F4} → {after:F4}");
        Assert.True(accuracy > 0.6, $"{optimizer}: accuracy {accuracy:F3}");
    }

    [Fact]
    public void A_seeded_trial_is_bit_for_bit_repeatable()
    {
        var data = TestData.Blobs();
        var settings = MlpSettings.Default with { Layers = 2, HiddenUnits = 24, BatchSize = 16 };
        using var a = new MlpTrainer(settings, data, seed: 9);
        using var b = new MlpTrainer(settings, data, seed: 9);
        using var c = new MlpTrainer(settings, data, seed: 10);
        for (var epoch = 1; epoch <= 4; epoch++)
        {
            var ma = a.RunEpoch(epoch);
            var mb = b.RunEpoch(epoch);
            var mc = c.RunEpoch(epoch);
            Assert.Equal(ma[MetricNames.TrainLoss], mb[MetricNames.TrainLoss]);
            Assert.Equal(ma[MetricNames.ValidationLoss], mb[MetricNames.ValidationLoss]);
            Assert.NotEqual(ma[MetricNames.TrainLoss], mc[MetricNames.TrainLoss]);
        }
    }

    [Fact]
    public void A_checkpoint_continues_exactly_where_training_stopped()
    {
        var data = TestData.Blobs();
        var settings = MlpSettings.Default with { Layers = 1, HiddenUnits = 12, BatchSize = 8, Optimizer = OptimizerKind.Adam };
        using var straight = new MlpTrainer(settings, data, seed: 4);
        using var first = new MlpTrainer(settings, data, seed: 4);
        for (var epoch = 1; epoch <= 3; epoch++)
        {
            straight.RunEpoch(epoch);
            first.RunEpoch(epoch);
        }
        var checkpoint = first.SaveCheckpoint();
        using var resumed = new MlpTrainer(settings, data, seed: 4);
        resumed.LoadCheckpoint(checkpoint);
        for (var epoch = 4; epoch <= 6; epoch++)
        {
            Assert.Equal(straight.RunEpoch(epoch)[MetricNames.ValidationLoss], resumed.RunEpoch(epoch)[MetricNames.ValidationLoss]);
        }
    }

    [Fact]
    public void A_huge_learning_rate_with_sgd_diverges_to_a_non_finite_loss()
    {
        var data = TestData.Blobs();
        var settings = MlpSettings.Default with { Optimizer = OptimizerKind.Sgd, LearningRate = 1e6, HiddenUnits = 32 };
        using var trainer = new MlpTrainer(settings, data, seed: 1);
        var diverged = Enumerable.Range(1, 5).Select(trainer.RunEpoch).Any(MetricNames.HasDiverged);
        Assert.True(diverged);
    }

    [Fact]
    public void Learning_rate_decays_as_lr0_over_one_plus_decay_times_epoch_index()
    {
        var settings = MlpSettings.Default with { LearningRate = 0.1, LearningRateDecay = 0.5 };
        Assert.Equal(0.1, settings.LearningRateAt(1), 12);
        Assert.Equal(0.1 / 1.5, settings.LearningRateAt(2), 12);
        Assert.Equal(0.1 / 3, settings.LearningRateAt(5), 12);
    }

    /// <summary>Both ways of computing the input gradient give the same bits (and the right values).</summary>
    [Theory]
    [InlineData(32, 256, 256, Activation.Relu)]
    [InlineData(6, 40, 40, Activation.Tanh)]
    [InlineData(7, 13, 29, Activation.Relu)]
    [InlineData(1, 9, 3, Activation.Tanh)]
    [InlineData(64, 128, 10, Activation.Relu)]
    public void Input_gradient_is_the_same_through_transposed_weights_or_transposed_delta(int rows, int inputs, int outputs, Activation activation)
    {
        var random = new Random(rows + inputs + outputs);
        float[] Draw(int n) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var delta = Draw(rows * outputs);
        var weights = Draw(inputs * outputs);
        var below = Draw(rows * inputs).Select(v => activation == Activation.Relu ? Math.Max(v, 0) : v * 0.9f).ToArray();
        var scratch = new float[InputGradient.ScratchLength(rows, inputs, outputs)];
        var viaWeights = new float[rows * inputs];
        var viaDelta = new float[rows * inputs];
        InputGradient.ViaTransposedWeights(delta, weights, below, viaWeights, rows, inputs, outputs, activation, scratch);
        InputGradient.ViaTransposedDelta(delta, weights, below, viaDelta, rows, inputs, outputs, activation, scratch);
        Assert.Equal(viaWeights, viaDelta);
        for (var r = 0; r < rows; r++)
        {
            for (var k = 0; k < inputs; k++)
            {
                var sum = Enumerable.Range(0, outputs).Sum(j => (double)delta[r * outputs + j] * weights[k * outputs + j]);
                var o = below[r * inputs + k];
                var expected = sum * (activation == Activation.Relu ? (o > 0 ? 1 : 0) : 1 - o * o);
                Assert.True(Math.Abs(expected - viaDelta[r * inputs + k]) <= 1e-4 * (1 + Math.Abs(expected)), $"[{r}, {k}]");
            }
        }
    }

    /// <summary>Benchmark problem A (64-128-128-10, batch 64, Adam at 1e-3) learns the digits.</summary>
    [Fact]
    public void Problem_A_reaches_90_percent_on_digits_in_20_epochs()
    {
        var data = PreparedData.From(CsvDataLoader.Load(Digits()), 0.2);
        var settings = MlpSettings.Default with { Layers = 2, HiddenUnits = 128, BatchSize = 64 };
        using var trainer = new MlpTrainer(settings, data, seed: 1);
        var curve = Enumerable.Range(1, 20).Select(epoch => trainer.RunEpoch(epoch)[MetricNames.ValidationAccuracy]).ToList();
        Assert.True(curve[^1] >= 0.90, $"val_accuracy by epoch: {string.Join(", ", curve.Select(a => a.ToString("F3")))}");
        Assert.True(curve[0] < curve[^1], "the curve rises");
    }

    /// <summary>data/digits.csv.gz, found from the test's build output upwards to the repository root.</summary>
    private static string Digits()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "data", "digits.csv.gz");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException("data/digits.csv.gz not found above " + AppContext.BaseDirectory);
    }
}
