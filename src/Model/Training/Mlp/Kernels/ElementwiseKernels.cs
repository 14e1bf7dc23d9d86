using System.Runtime.CompilerServices;

namespace ActorTune.Model.Training.Mlp.Kernels;

/// <summary>The element-wise steps of back-propagation that no product's epilogue covers.</summary>
internal static unsafe class ElementwiseKernels<TV> where TV : struct, ISimd<TV>
{
    /// <summary>sums[j] = Σ_r matrix[r, j] over <paramref name="rows"/> rows of width sums.Length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ColumnSums(ReadOnlySpan<float> matrix, int rows, Span<float> sums)
    {
        var n = sums.Length;
        if (matrix.Length < (long)rows * n)
        {
            throw new ArgumentException($"matrix too short for {rows} rows of {n}");
        }
        var w = TV.Width;
        fixed (float* m = matrix, s = sums)
        {
            // A vector of columns at a time, summed down all rows in a register.
            for (var j = 0; j < n; j += w)
            {
                var lanes = Math.Min(w, n - j);
                var sum = TV.Zero;
                for (var r = 0; r < rows; r++)
                {
                    sum = TV.Add(sum, Lanes<TV>.Load(m + (nint)r * n + j, lanes));
                }
                Lanes<TV>.Store(sum, s + j, lanes);
            }
        }
    }

    /// <summary>gradient ← gradient ⊙ f′, f′ read off the activation's output (same layout as the gradient).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TimesDerivative(Span<float> gradient, ReadOnlySpan<float> outputs, Activation activation)
    {
        var n = gradient.Length;
        if (outputs.Length < n)
        {
            throw new ArgumentException($"outputs shorter than the {n} gradients");
        }
        fixed (float* g = gradient, o = outputs)
        {
            for (var i = 0; i < n; i += TV.Width)
            {
                var lanes = n - i;
                Lanes<TV>.Store(Activations<TV>.TimesDerivative(Lanes<TV>.Load(g + i, lanes), Lanes<TV>.Load(o + i, lanes), activation), g + i, lanes);
            }
        }
    }
}
