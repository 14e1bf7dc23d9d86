using System.Runtime.CompilerServices;
using ActorTune.Model.Data;
using ActorTune.Model.Randomness;

namespace ActorTune.Model.Training.Mlp;

/// <summary>
/// The built-in model: an MLP trained with mini-batches on softmax cross-entropy. Everything random comes from
/// the trial's seed (initial weights) and the epoch number (the shuffle), so a trial is bit-for-bit repeatable
/// and a checkpointed trial continues exactly as it would have.
/// </summary>
public sealed class MlpTrainer : ITrainable
{
    private const int EvaluationRows = 256;
    private const int CheckpointVersion = 1;

    private readonly MlpSettings _settings;
    private readonly PreparedData _data;
    private readonly int _seed;
    private readonly MlpNetwork _network;
    private readonly Optimizer _optimizer;
    private readonly int[] _order;
    private int _epochsDone;

    public MlpTrainer(TrialContext context)
        : this(MlpSettings.From(context.Config),
            context.Data ?? throw new ArgumentException("the mlp model needs a data set (sweep.data.path)"), context.Seed)
    {
    }

    public MlpTrainer(MlpSettings settings, PreparedData data, int seed)
    {
        _settings = settings;
        _data = data;
        _seed = seed;
        var batch = Math.Min(settings.BatchSize, data.TrainRows);
        _network = new MlpNetwork(data.Features, settings.HiddenUnits, settings.Layers, data.Classes, settings.Activation,
            Math.Max(batch, EvaluationRows));
        _network.Initialise(new Random(Seeds.Derive(seed, Seeds.Purpose("init"))));
        _optimizer = new Optimizer(settings, _network.Parameters.Length);
        _order = new int[data.TrainRows];
    }

    /// <summary>Which vector width the kernels use on this machine ("Vector512", "Vector256").</summary>
    public static string KernelDescription => Kernels.Kernels.Describe;

    /// <summary>Trains one epoch; returns train_loss/train_accuracy (over the epoch's batches) and val_loss/val_accuracy.</summary>
    public IReadOnlyDictionary<string, double> RunEpoch(int epoch)
    {
        var (loss, accuracy) = TrainEpoch(epoch);
        var (validLoss, validAccuracy) = Evaluate();
        return new Dictionary<string, double>
        {
            [MetricNames.TrainLoss] = loss,
            [MetricNames.TrainAccuracy] = accuracy,
            [MetricNames.ValidationLoss] = validLoss,
            [MetricNames.ValidationAccuracy] = validAccuracy,
        };
    }

    /// <summary>The training part of an epoch alone (what the trainer benchmark times).</summary>
    /// <remarks>
    /// Compiled fully optimised on first call (as are the network's and kernels' methods): left to tiered
    /// compilation, the first epochs of a trial would run unoptimised code several times slower.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (double Loss, double Accuracy) TrainEpoch(int epoch)
    {
        Shuffle(epoch);
        var batch = Math.Min(_settings.BatchSize, _data.TrainRows);
        var lr = _settings.LearningRateAt(epoch);
        double lossSum = 0;
        var correct = 0;
        var seen = 0;
        for (var start = 0; start < _order.Length; start += batch)
        {
            var rows = _network.Load(_data.TrainX, _data.TrainY, _order.AsSpan(start, Math.Min(batch, _order.Length - start)));
            var loss = _network.Forward(rows, withGradient: true, out var right);
            lossSum += loss;
            correct += right;
            seen += rows;
            if (!double.IsFinite(loss))
            {
                // Diverged: further steps only spread NaN; the epoch reports it and the trial ends as diverged.
                _epochsDone = epoch;
                return (double.NaN, (double)correct / seen);
            }
            _network.Backward(rows);
            _optimizer.Step(_network.Parameters, _network.Gradients, lr);
        }
        _epochsDone = epoch;
        return (lossSum / seen, (double)correct / seen);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (double Loss, double Accuracy) Evaluate()
    {
        double lossSum = 0;
        var correct = 0;
        for (var start = 0; start < _data.ValidRows; start += _network.Capacity)
        {
            var rows = _network.LoadRange(_data.ValidX, _data.ValidY, start, Math.Min(_network.Capacity, _data.ValidRows - start));
            lossSum += _network.Forward(rows, withGradient: false, out var right);
            correct += right;
        }
        return (lossSum / _data.ValidRows, (double)correct / _data.ValidRows);
    }

    /// <summary>
    /// Fisher–Yates with a generator seeded by (trial seed, epoch): the order depends on nothing else. The generator
    /// is SplitMix64 in a local rather than a <see cref="Random"/>, which would allocate every epoch.
    /// </summary>
    private void Shuffle(int epoch)
    {
        var state = (ulong)Seeds.Derive(_seed, Seeds.Purpose("shuffle"), epoch);
        for (var i = 0; i < _order.Length; i++)
        {
            _order[i] = i;
        }
        for (var i = _order.Length - 1; i > 0; i--)
        {
            var j = (int)((NextRandom(ref state) >> 32) * (ulong)(i + 1) >> 32);
            (_order[i], _order[j]) = (_order[j], _order[i]);
        }
    }

    private static ulong NextRandom(ref ulong state)
    {
        unchecked
        {
            var z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <remarks>
    /// Written straight into one array of the exact size: a checkpoint of a large network is megabytes, and a
    /// growing stream plus its final copy would leave several times that in large-object garbage on every save,
    /// whose collections pause every trial in the process.
    /// </remarks>
    public byte[] SaveCheckpoint()
    {
        var checkpoint = new byte[sizeof(int) + sizeof(int) + CheckpointArrays.Size(_network.Parameters) + _optimizer.CheckpointSize];
        long written;
        using (var writer = new BinaryWriter(new MemoryStream(checkpoint)))
        {
            writer.Write(CheckpointVersion);
            writer.Write(_epochsDone);
            CheckpointArrays.Write(writer, _network.Parameters);
            _optimizer.Save(writer);
            written = writer.BaseStream.Position;
        }
        // Too small a size has already thrown (the stream cannot grow); too large would leave slack at the end.
        return written == checkpoint.Length
            ? checkpoint
            : throw new InvalidOperationException($"checkpoint size {checkpoint.Length} != {written} bytes written");
    }

    public void LoadCheckpoint(byte[] state)
    {
        using var reader = new BinaryReader(new MemoryStream(state));
        var version = reader.ReadInt32();
        if (version != CheckpointVersion)
        {
            throw new InvalidDataException($"MLP checkpoint version {version} is not {CheckpointVersion}");
        }
        _epochsDone = reader.ReadInt32();
        CheckpointArrays.Read(reader, _network.Parameters);
        _optimizer.Load(reader);
    }

    /// <summary>
    /// The network's weights and biases in a checkpoint of <see cref="SaveCheckpoint"/> (the optimizer state after them is
    /// not needed to predict), and the epoch it was taken after.
    /// </summary>
    public static (float[] Parameters, int Epoch) ReadParameters(byte[] checkpoint)
    {
        using var reader = new BinaryReader(new MemoryStream(checkpoint));
        var version = reader.ReadInt32();
        if (version != CheckpointVersion)
        {
            throw new InvalidDataException($"MLP checkpoint version {version} is not {CheckpointVersion}");
        }
        var epoch = reader.ReadInt32();
        var length = reader.ReadInt32();
        if (length < 0 || (long)length * sizeof(float) > checkpoint.Length)
        {
            throw new InvalidDataException($"MLP checkpoint claims {length} parameters in {checkpoint.Length} bytes");
        }
        reader.BaseStream.Position -= sizeof(int);
        var parameters = new float[length];
        CheckpointArrays.Read(reader, parameters);
        return (parameters, epoch);
    }

    public void Dispose()
    {
    }
}
