using ActorTune.Model.Training;

namespace ActorTune.Examples.Plugin;

/// <summary>
/// Softmax regression (a linear classifier) trained with mini-batch SGD and L2 weight decay on the sweep's data
/// set: an example of a trainable that lives outside ActorTune. Hyperparameters: <c>learning-rate</c> (default
/// 0.1), <c>l2</c> (default 0) and <c>batch-size</c> (default 32). Reports <c>train_loss</c>, <c>val_loss</c> and
/// <c>val_accuracy</c> every epoch; its whole state is the weight matrix, which is its checkpoint.
/// </summary>
public sealed class SoftmaxRegression : ITrainable
{
    private readonly TrialContext _context;
    private readonly double _learningRate;
    private readonly double _l2;
    private readonly int _batchSize;
    private readonly int _features;
    private readonly int _classes;
    private readonly double[] _weights; // classes × (features + 1): the last column is the bias
    private readonly Random _random;

    public SoftmaxRegression(TrialContext context)
    {
        _context = context;
        var data = context.Data ?? throw new InvalidOperationException("SoftmaxRegression needs a data set: give the sweep a data { path = … } block");
        _learningRate = context.Config.Number("learning-rate", 0.1);
        _l2 = context.Config.Number("l2", 0);
        _batchSize = Math.Max(1, context.Config.Integer("batch-size", 32));
        (_features, _classes) = (data.Features, data.Classes);
        _weights = new double[_classes * (_features + 1)];
        _random = new Random(context.Seed);
    }

    public IReadOnlyDictionary<string, double> RunEpoch(int epoch)
    {
        var data = _context.Data!;
        var order = Enumerable.Range(0, data.TrainRows).ToArray();
        _random.Shuffle(order);
        var gradient = new double[_weights.Length];
        var probabilities = new double[_classes];
        var trainLoss = 0.0;
        for (var start = 0; start < order.Length; start += _batchSize)
        {
            Array.Clear(gradient);
            var batch = order.AsSpan(start, Math.Min(_batchSize, order.Length - start));
            foreach (var row in batch)
            {
                var x = data.TrainX.AsSpan(row * _features, _features);
                trainLoss += Predict(x, probabilities, data.TrainY[row]);
                for (var c = 0; c < _classes; c++)
                {
                    var error = probabilities[c] - (c == data.TrainY[row] ? 1 : 0);
                    var offset = c * (_features + 1);
                    for (var j = 0; j < _features; j++)
                    {
                        gradient[offset + j] += error * x[j];
                    }
                    gradient[offset + _features] += error;
                }
            }
            for (var i = 0; i < _weights.Length; i++)
            {
                _weights[i] -= _learningRate * (gradient[i] / batch.Length + _l2 * _weights[i]);
            }
        }
        var (validLoss, correct) = (0.0, 0);
        for (var row = 0; row < data.ValidRows; row++)
        {
            validLoss += Predict(data.ValidX.AsSpan(row * _features, _features), probabilities, data.ValidY[row]);
            correct += Array.IndexOf(probabilities, probabilities.Max()) == data.ValidY[row] ? 1 : 0;
        }
        return new Dictionary<string, double>
        {
            [MetricNames.TrainLoss] = trainLoss / data.TrainRows,
            [MetricNames.ValidationLoss] = validLoss / data.ValidRows,
            [MetricNames.ValidationAccuracy] = (double)correct / data.ValidRows,
        };
    }

    /// <summary>Fills the class probabilities for one row and returns its cross-entropy loss.</summary>
    private double Predict(ReadOnlySpan<float> x, double[] probabilities, int label)
    {
        for (var c = 0; c < _classes; c++)
        {
            var offset = c * (_features + 1);
            var z = _weights[offset + _features];
            for (var j = 0; j < _features; j++)
            {
                z += _weights[offset + j] * x[j];
            }
            probabilities[c] = z;
        }
        var max = probabilities.Max();
        var sum = 0.0;
        for (var c = 0; c < _classes; c++)
        {
            probabilities[c] = Math.Exp(probabilities[c] - max);
            sum += probabilities[c];
        }
        for (var c = 0; c < _classes; c++)
        {
            probabilities[c] /= sum;
        }
        return -Math.Log(Math.Max(probabilities[label], 1e-12));
    }

    public byte[] SaveCheckpoint()
    {
        var state = new byte[_weights.Length * sizeof(double)];
        Buffer.BlockCopy(_weights, 0, state, 0, state.Length);
        return state;
    }

    public void LoadCheckpoint(byte[] state) => Buffer.BlockCopy(state, 0, _weights, 0, state.Length);

    public void Dispose()
    {
    }
}
