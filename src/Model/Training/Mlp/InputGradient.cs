using System.Runtime.CompilerServices;
using ActorTune.Model.Training.Mlp.Kernels;

namespace ActorTune.Model.Training.Mlp;

/// <summary>
/// The δ of the layer below a layer: (δ · Wᵀ) ⊙ f′(that layer's output). The product wants one operand transposed,
/// and it takes whichever is smaller: the weights (in × out), or δ (rows × out) together with the result
/// (rows × in), computing (W · δᵀ)ᵀ. With a small batch and wide layers (problem B: 32 rows, 256 × 256) the second
/// moves a quarter as much. Either way each element is the same chain of multiply-adds in the same order, so the two
/// agree bit for bit and the choice never changes a trial's numbers.
/// </summary>
internal static class InputGradient
{
    public static bool TransposesWeights(int rows, int inputs, int outputs) => inputs * outputs <= rows * (inputs + outputs);

    /// <summary>The scratch space either way needs, for batches of up to <paramref name="capacity"/> rows.</summary>
    public static int ScratchLength(int capacity, int inputs, int outputs) =>
        Math.Max(inputs * outputs, capacity * (inputs + outputs));

    /// <param name="delta">δ of the layer, rows × outputs.</param>
    /// <param name="weights">The layer's weights, inputs × outputs.</param>
    /// <param name="below">The output of the layer below (this layer's input), rows × inputs: where f′ is read.</param>
    /// <param name="result">δ of the layer below, rows × inputs.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compute(ReadOnlySpan<float> delta, ReadOnlySpan<float> weights, ReadOnlySpan<float> below, Span<float> result,
        int rows, int inputs, int outputs, Activation activation, Span<float> scratch)
    {
        if (TransposesWeights(rows, inputs, outputs))
        {
            ViaTransposedWeights(delta, weights, below, result, rows, inputs, outputs, activation, scratch);
        }
        else
        {
            ViaTransposedDelta(delta, weights, below, result, rows, inputs, outputs, activation, scratch);
        }
    }

    /// <summary>δ · Wᵀ with Wᵀ as the product's Y; the derivative applied as the product stores.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ViaTransposedWeights(ReadOnlySpan<float> delta, ReadOnlySpan<float> weights, ReadOnlySpan<float> below,
        Span<float> result, int rows, int inputs, int outputs, Activation activation, Span<float> scratch)
    {
        var transposedWeights = scratch[..(inputs * outputs)];
        Kernels.Kernels.Transpose(weights, inputs, outputs, transposedWeights);
        Kernels.Kernels.Product(delta, outputs, 1, transposedWeights, result, rows, outputs, inputs,
            EpilogueKind.TimesDerivative, activation, outputs: below);
    }

    /// <summary>(W · δᵀ)ᵀ: δ and the result are transposed instead of W, the derivative applied afterwards.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ViaTransposedDelta(ReadOnlySpan<float> delta, ReadOnlySpan<float> weights, ReadOnlySpan<float> below,
        Span<float> result, int rows, int inputs, int outputs, Activation activation, Span<float> scratch)
    {
        var transposedDelta = scratch[..(outputs * rows)];
        var transposedResult = scratch.Slice(outputs * rows, inputs * rows);
        Kernels.Kernels.Transpose(delta[..(rows * outputs)], rows, outputs, transposedDelta);
        Kernels.Kernels.Product(weights, outputs, 1, transposedDelta, transposedResult, inputs, outputs, rows);
        Kernels.Kernels.Transpose(transposedResult, inputs, rows, result);
        Kernels.Kernels.TimesDerivative(result[..(rows * inputs)], below, activation);
    }
}
