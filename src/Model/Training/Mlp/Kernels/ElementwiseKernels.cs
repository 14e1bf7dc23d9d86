using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ActorTune.Model.Training.Mlp.Kernels;

/// <summary>The element-wise steps of back-propagation and the column sums for bias gradients.</summary>
internal static class ElementwiseKernels<TV> where TV : struct, ISimd<TV>
{
    /// <summary>gradient ← gradient ⊙ f′ where f′ is read off the activation's output (ReLU: out &gt; 0; tanh: 1 − out²).</summary>
    public static void ActivationBackward(Span<float> gradient, ReadOnlySpan<float> output, Activation activation)
    {
        ref var g = ref MemoryMarshal.GetReference(gradient);
        ref var o = ref MemoryMarshal.GetReference(output);
        var w = TV.Width;
        var n = gradient.Length;
        var i = 0;
        var one = TV.Broadcast(1f);
        for (; i + w <= n; i += w)
        {
            var gv = TV.Load(ref g, i);
            var ov = TV.Load(ref o, i);
            var result = activation == Activation.Relu
                ? TV.WherePositive(ov, gv)
                : TV.Multiply(gv, TV.Subtract(one, TV.Multiply(ov, ov)));
            TV.Store(result, ref g, i);
        }
        for (; i < n; i++)
        {
            var ov = Unsafe.Add(ref o, i);
            Unsafe.Add(ref g, i) = activation == Activation.Relu
                ? (ov > 0 ? Unsafe.Add(ref g, i) : 0f)
                : Unsafe.Add(ref g, i) * (1 - ov * ov);
        }
    }

    /// <summary>sums[j] = Σ_r matrix[r, j] over <paramref name="rows"/> rows of width sums.Length.</summary>
    public static void ColumnSums(ReadOnlySpan<float> matrix, int rows, Span<float> sums)
    {
        var n = sums.Length;
        sums.Clear();
        ref var m = ref MemoryMarshal.GetReference(matrix);
        ref var s = ref MemoryMarshal.GetReference(sums);
        var w = TV.Width;
        for (var r = 0; r < rows; r++)
        {
            nint offset = (nint)r * n;
            var j = 0;
            for (; j + w <= n; j += w)
            {
                TV.Store(TV.Add(TV.Load(ref s, j), TV.Load(ref m, offset + j)), ref s, j);
            }
            for (; j < n; j++)
            {
                Unsafe.Add(ref s, j) += Unsafe.Add(ref m, offset + j);
            }
        }
    }
}
