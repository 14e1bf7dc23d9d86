using System.Runtime.CompilerServices;
using ActorTune.Model.Training.Mlp.Kernels;
using MathNet.Numerics.Distributions;

namespace ActorTune.Model.Training.Mlp;

/// <summary>
/// A fully connected network with every parameter in one flat array (so the optimizer is one pass) and every
/// buffer allocated here, once: a training step allocates nothing.
/// Layer l maps widths[l] → widths[l+1]; weights are row-major [in × out], then the layer's bias.
/// </summary>
internal sealed class MlpNetwork
{
    private readonly int[] _widths;
    private readonly int[] _weightOffsets;
    private readonly int[] _biasOffsets;
    private readonly Activation _activation;
    private readonly float[][] _outputs;   // _outputs[0] = input rows; _outputs[l+1] = layer l's output
    private readonly float[][] _deltas;    // _deltas[l+1] = ∂loss/∂(pre-activation of layer l)
    private readonly float[] _transposed;  // the input-gradient product's transposed operands
    private readonly int[] _labels;

    public MlpNetwork(int inputs, int hiddenUnits, int hiddenLayers, int classes, Activation activation, int capacity)
    {
        _widths = [inputs, .. Enumerable.Repeat(hiddenUnits, hiddenLayers), classes];
        _activation = activation;
        Capacity = capacity;
        var layers = _widths.Length - 1;
        _weightOffsets = new int[layers];
        _biasOffsets = new int[layers];
        var offset = 0;
        for (var l = 0; l < layers; l++)
        {
            _weightOffsets[l] = offset;
            offset += _widths[l] * _widths[l + 1];
            _biasOffsets[l] = offset;
            offset += _widths[l + 1];
        }
        Parameters = new float[offset];
        Gradients = new float[offset];
        _outputs = _widths.Select(w => new float[capacity * w]).ToArray();
        _deltas = _widths.Select(w => new float[capacity * w]).ToArray();
        _transposed = new float[Enumerable.Range(0, layers).Max(l => InputGradient.ScratchLength(capacity, _widths[l], _widths[l + 1]))];
        _labels = new int[capacity];
    }

    public float[] Parameters { get; }

    public float[] Gradients { get; }

    /// <summary>The most rows one forward pass takes.</summary>
    public int Capacity { get; }

    private int Layers => _widths.Length - 1;

    private int Classes => _widths[^1];

    /// <summary>He initialisation for ReLU (σ² = 2/fan-in), Xavier for tanh (σ² = 2/(fan-in + fan-out)); zero biases.</summary>
    public void Initialise(Random random)
    {
        Array.Clear(Parameters);
        for (var l = 0; l < Layers; l++)
        {
            var fanIn = _widths[l];
            var fanOut = _widths[l + 1];
            var sigma = _activation == Activation.Tanh ? Math.Sqrt(2.0 / (fanIn + fanOut)) : Math.Sqrt(2.0 / fanIn);
            var weights = Parameters.AsSpan(_weightOffsets[l], fanIn * fanOut);
            for (var i = 0; i < weights.Length; i++)
            {
                weights[i] = (float)Normal.Sample(random, 0, sigma);
            }
        }
    }

    /// <summary>Copies the chosen rows into the input buffer; returns how many.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Load(float[] x, int[] y, ReadOnlySpan<int> rows)
    {
        var d = _widths[0];
        for (var i = 0; i < rows.Length; i++)
        {
            x.AsSpan(rows[i] * d, d).CopyTo(_outputs[0].AsSpan(i * d, d));
            _labels[i] = y[rows[i]];
        }
        return rows.Length;
    }

    /// <summary>Loads consecutive rows [start, start+count).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int LoadRange(float[] x, int[] y, int start, int count)
    {
        var d = _widths[0];
        x.AsSpan(start * d, count * d).CopyTo(_outputs[0]);
        y.AsSpan(start, count).CopyTo(_labels);
        return count;
    }

    /// <summary>Forward pass over the loaded rows; returns the summed loss and counts correct predictions.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Forward(int rows, bool withGradient, out int correct)
    {
        for (var l = 0; l < Layers; l++)
        {
            var inputs = _widths[l];
            var outputs = _widths[l + 1];
            Kernels.Kernels.Product(_outputs[l], inputs, 1, Parameters.AsSpan(_weightOffsets[l], inputs * outputs), _outputs[l + 1],
                rows, inputs, outputs, EpilogueKind.BiasActivation, l < Layers - 1 ? _activation : Activation.None,
                Parameters.AsSpan(_biasOffsets[l], outputs));
        }
        return Kernels.Kernels.SoftmaxCrossEntropy(_outputs[^1], _labels, rows, Classes,
            withGradient ? _deltas[^1] : Span<float>.Empty, 1f / rows, out correct);
    }

    /// <summary>The output layer's logits of the last <see cref="Forward"/>, row-major [rows × classes].</summary>
    public ReadOnlySpan<float> Logits(int rows) => _outputs[^1].AsSpan(0, rows * Classes);

    /// <summary>Back-propagates the loss of the last <see cref="Forward"/> (with gradient) into <see cref="Gradients"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Backward(int rows)
    {
        for (var l = Layers - 1; l >= 0; l--)
        {
            var inputs = _widths[l];
            var outputs = _widths[l + 1];
            var delta = _deltas[l + 1];
            // ∂W = inputᵀ · δ: the input read column-wise through swapped strides.
            Kernels.Kernels.Product(_outputs[l], 1, inputs, delta, Gradients.AsSpan(_weightOffsets[l], inputs * outputs),
                inputs, rows, outputs);
            Kernels.Kernels.ColumnSums(delta, rows, Gradients.AsSpan(_biasOffsets[l], outputs));
            if (l == 0)
            {
                break;
            }
            InputGradient.Compute(_deltas[l + 1], Parameters.AsSpan(_weightOffsets[l], inputs * outputs), _outputs[l], _deltas[l],
                rows, inputs, outputs, _activation, _transposed);
        }
    }
}
