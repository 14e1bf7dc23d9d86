using System.Runtime.CompilerServices;

namespace ActorTune.Model.Training.Mlp.Kernels;

/// <summary>
/// Softmax cross-entropy over rows of logits, fused with its gradient, a row's classes in as few vectors as they
/// fill (the last one masked): the maximum, the exponentials, their sum, the arg-max and the scaled
/// (softmax − onehot) are all taken from the same registers, with no scalar exponential per class.
/// </summary>
internal static unsafe class SoftmaxKernel<TV> where TV : struct, ISimd<TV>
{
    /// <summary>
    /// Writes (softmax − onehot) · <paramref name="gradientScale"/> into <paramref name="gradient"/> unless it is
    /// empty, returns the summed loss and counts the rows whose arg-max (the first, among ties) is the label.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Run(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, int rows, int classes,
        Span<float> gradient, float gradientScale, out int correct)
    {
        if (logits.Length < (long)rows * classes || labels.Length < rows || (!gradient.IsEmpty && gradient.Length < (long)rows * classes))
        {
            throw new ArgumentException($"operands too short for {rows} rows of {classes} classes");
        }
        var withGradient = !gradient.IsEmpty;
        double loss = 0;
        correct = 0;
        fixed (float* z = logits, g = gradient)
        {
            for (var r = 0; r < rows; r++)
            {
                var label = labels[r];
                if ((uint)label >= (uint)classes)
                {
                    throw new ArgumentOutOfRangeException(nameof(labels), $"label {label} of row {r} is not one of {classes} classes");
                }
                var row = z + (nint)r * classes;
                var gradientRow = withGradient ? g + (nint)r * classes : null;
                loss += classes <= TV.Width
                    ? OneVector(row, label, classes, gradientRow, gradientScale, ref correct)
                    : ManyVectors(row, label, classes, gradientRow, gradientScale, ref correct);
            }
        }
        return loss;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double OneVector(float* z, int label, int classes, float* gradient, float scale, ref int correct)
    {
        var logits = TV.KeepFirst(TV.LoadFirst(z, classes), classes, float.NegativeInfinity);
        var max = TV.HorizontalMax(logits);
        if (TV.FirstIndexOf(logits, max) == label)
        {
            correct++;
        }
        var exponentials = Exponential<TV>.Exp(TV.Subtract(logits, TV.Broadcast(max)));
        var sum = TV.HorizontalSum(exponentials);
        if (gradient != null)
        {
            TV.StoreFirst(TV.Multiply(exponentials, TV.Broadcast(scale / sum)), gradient, classes);
            gradient[label] -= scale;
        }
        return Math.Log(sum) - (z[label] - max);
    }

    /// <summary>More classes than one vector holds: the same steps, a vector at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double ManyVectors(float* z, int label, int classes, float* gradient, float scale, ref int correct)
    {
        var w = TV.Width;
        var max = float.NegativeInfinity;
        for (var j = 0; j < classes; j += w)
        {
            max = MathF.Max(max, TV.HorizontalMax(Chunk(z, j, classes)));
        }
        var argMax = -1;
        for (var j = 0; j < classes && argMax < 0; j += w)
        {
            var at = TV.FirstIndexOf(Chunk(z, j, classes), max);
            argMax = at >= 0 ? j + at : -1;
        }
        if (argMax == label)
        {
            correct++;
        }
        var shift = TV.Broadcast(max);
        float sum = 0;
        for (var j = 0; j < classes; j += w)
        {
            sum += TV.HorizontalSum(Exponential<TV>.Exp(TV.Subtract(Chunk(z, j, classes), shift)));
        }
        if (gradient != null)
        {
            var factor = TV.Broadcast(scale / sum);
            for (var j = 0; j < classes; j += w)
            {
                Lanes<TV>.Store(TV.Multiply(Exponential<TV>.Exp(TV.Subtract(Chunk(z, j, classes), shift)), factor), gradient + j, classes - j);
            }
            gradient[label] -= scale;
        }
        return Math.Log(sum) - (z[label] - max);
    }

    /// <summary>Logits j.. of a row, lanes past the row's end at −∞ (they add e^−∞ = 0 and never win the arg-max).</summary>
    private static TV Chunk(float* z, int j, int classes) =>
        j + TV.Width <= classes ? TV.Load(z + j) : TV.KeepFirst(TV.LoadFirst(z + j, classes - j), classes - j, float.NegativeInfinity);
}
