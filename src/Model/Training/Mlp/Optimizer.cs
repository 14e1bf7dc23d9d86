using System.Runtime.CompilerServices;

namespace ActorTune.Model.Training.Mlp;

/// <summary>Holds an optimizer's state (moment estimates, step count) and applies one step to the flat parameters.</summary>
internal sealed class Optimizer
{
    private readonly MlpSettings _settings;
    private readonly float[] _first;
    private readonly float[] _second;

    public Optimizer(MlpSettings settings, int parameterCount)
    {
        _settings = settings;
        _first = settings.Optimizer is OptimizerKind.Momentum or OptimizerKind.Adam ? new float[parameterCount] : [];
        _second = settings.Optimizer is OptimizerKind.RmsProp or OptimizerKind.Adam ? new float[parameterCount] : [];
    }

    public long Steps { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Step(Span<float> weights, ReadOnlySpan<float> gradients, double learningRate)
    {
        Steps++;
        var lr = (float)learningRate;
        var s = _settings;
        switch (s.Optimizer)
        {
            case OptimizerKind.Sgd:
                Kernels.Kernels.Sgd(weights, gradients, lr);
                break;
            case OptimizerKind.Momentum:
                Kernels.Kernels.Momentum(weights, gradients, _first, lr, (float)s.Beta);
                break;
            case OptimizerKind.RmsProp:
                Kernels.Kernels.RmsProp(weights, gradients, _second, lr, (float)s.Beta2, (float)s.Epsilon);
                break;
            case OptimizerKind.Adam:
                Kernels.Kernels.Adam(weights, gradients, _first, _second, lr, (float)s.Beta1, (float)s.Beta2, (float)s.Epsilon,
                    (float)(1 - Math.Pow(s.Beta1, Steps)), (float)(1 - Math.Pow(s.Beta2, Steps)));
                break;
        }
    }

    /// <summary>The bytes <see cref="Save"/> writes.</summary>
    public int CheckpointSize => sizeof(long) + CheckpointArrays.Size(_first) + CheckpointArrays.Size(_second);

    public void Save(BinaryWriter writer)
    {
        writer.Write(Steps);
        CheckpointArrays.Write(writer, _first);
        CheckpointArrays.Write(writer, _second);
    }

    public void Load(BinaryReader reader)
    {
        Steps = reader.ReadInt64();
        CheckpointArrays.Read(reader, _first);
        CheckpointArrays.Read(reader, _second);
    }
}
