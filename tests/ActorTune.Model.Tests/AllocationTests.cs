using ActorTune.Model.Training.Mlp;
using ActorTune.Model.Training.Mlp.Kernels;

namespace ActorTune.Model.Tests;

/// <summary>
/// A training step allocates nothing on the managed heap: every buffer belongs to the network or the optimizer,
/// made once per trial. Measured on this thread after a warm-up epoch (which runs static constructors and the JIT).
/// </summary>
public class AllocationTests
{
    [Theory]
    [InlineData(OptimizerKind.Adam, Activation.Relu, 2, 24, 16)]
    [InlineData(OptimizerKind.Adam, Activation.Relu, 2, 128, 64)]
    [InlineData(OptimizerKind.Sgd, Activation.Tanh, 1, 17, 7)]
    [InlineData(OptimizerKind.Momentum, Activation.Relu, 0, 8, 32)]
    [InlineData(OptimizerKind.RmsProp, Activation.Tanh, 3, 33, 50)]
    public void Training_epochs_allocate_nothing(OptimizerKind optimizer, Activation activation, int layers, int units, int batch)
    {
        // 240 training rows: batch sizes that leave a short last batch are included.
        var data = TestData.Blobs(rows: 300, features: 6, classes: 3);
        var settings = MlpSettings.Default with
        {
            Optimizer = optimizer,
            Activation = activation,
            Layers = layers,
            HiddenUnits = units,
            BatchSize = batch,
        };
        using var trainer = new MlpTrainer(settings, data, seed: 7);
        trainer.TrainEpoch(1);
        trainer.Evaluate();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var epoch = 2; epoch <= 4; epoch++)
        {
            trainer.TrainEpoch(epoch);
        }
        trainer.Evaluate();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }
}
