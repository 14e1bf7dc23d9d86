using System.Runtime.Intrinsics;

namespace ActorTune.Model.Training.Mlp.Kernels;

/// <summary>
/// The training hot path's entry points. The register width is chosen once at start-up: 512-bit where the
/// processor has AVX-512 (unless ACTORTUNE_SIMD=256 asks for the narrower path), else 256-bit. The flag is a
/// static readonly, so the JIT folds the branch away.
/// </summary>
internal static class Kernels
{
    public static readonly bool Wide =
        Vector512.IsHardwareAccelerated && Environment.GetEnvironmentVariable("ACTORTUNE_SIMD") != "256";

    public static string Describe => Wide ? "Vector512" : Vector256.IsHardwareAccelerated ? "Vector256" : "Vector256 (emulated)";

    /// <inheritdoc cref="ProductKernel{TV}.Run"/>
    public static void Product(ReadOnlySpan<float> x, int rowStride, int innerStride, ReadOnlySpan<float> y, Span<float> c,
        int m, int t, int n, EpilogueKind kind = EpilogueKind.Store, Activation activation = Activation.None,
        ReadOnlySpan<float> bias = default, ReadOnlySpan<float> outputs = default)
    {
        if (Wide)
        {
            ProductKernel<Simd512>.Run(x, rowStride, innerStride, y, c, m, t, n, kind, activation, bias, outputs);
        }
        else
        {
            ProductKernel<Simd256>.Run(x, rowStride, innerStride, y, c, m, t, n, kind, activation, bias, outputs);
        }
    }

    public static void ColumnSums(ReadOnlySpan<float> matrix, int rows, Span<float> sums)
    {
        if (Wide)
        {
            ElementwiseKernels<Simd512>.ColumnSums(matrix, rows, sums);
        }
        else
        {
            ElementwiseKernels<Simd256>.ColumnSums(matrix, rows, sums);
        }
    }

    /// <inheritdoc cref="ElementwiseKernels{TV}.TimesDerivative"/>
    public static void TimesDerivative(Span<float> gradient, ReadOnlySpan<float> outputs, Activation activation)
    {
        if (Wide)
        {
            ElementwiseKernels<Simd512>.TimesDerivative(gradient, outputs, activation);
        }
        else
        {
            ElementwiseKernels<Simd256>.TimesDerivative(gradient, outputs, activation);
        }
    }

    /// <inheritdoc cref="TransposeKernel.Run"/>
    public static void Transpose(ReadOnlySpan<float> source, int m, int n, Span<float> destination) =>
        TransposeKernel.Run(source, m, n, destination);

    /// <inheritdoc cref="SoftmaxKernel{TV}.Run"/>
    public static double SoftmaxCrossEntropy(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, int rows, int classes,
        Span<float> gradient, float gradientScale, out int correct) =>
        Wide
            ? SoftmaxKernel<Simd512>.Run(logits, labels, rows, classes, gradient, gradientScale, out correct)
            : SoftmaxKernel<Simd256>.Run(logits, labels, rows, classes, gradient, gradientScale, out correct);

    public static void Sgd(Span<float> weights, ReadOnlySpan<float> gradients, float lr)
    {
        if (Wide)
        {
            OptimizerKernels<Simd512>.Sgd(weights, gradients, lr);
        }
        else
        {
            OptimizerKernels<Simd256>.Sgd(weights, gradients, lr);
        }
    }

    public static void Momentum(Span<float> weights, ReadOnlySpan<float> gradients, Span<float> velocity, float lr, float beta)
    {
        if (Wide)
        {
            OptimizerKernels<Simd512>.Momentum(weights, gradients, velocity, lr, beta);
        }
        else
        {
            OptimizerKernels<Simd256>.Momentum(weights, gradients, velocity, lr, beta);
        }
    }

    public static void RmsProp(Span<float> weights, ReadOnlySpan<float> gradients, Span<float> square, float lr, float beta2, float epsilon)
    {
        if (Wide)
        {
            OptimizerKernels<Simd512>.RmsProp(weights, gradients, square, lr, beta2, epsilon);
        }
        else
        {
            OptimizerKernels<Simd256>.RmsProp(weights, gradients, square, lr, beta2, epsilon);
        }
    }

    public static void Adam(Span<float> weights, ReadOnlySpan<float> gradients, Span<float> first, Span<float> second,
        float lr, float beta1, float beta2, float epsilon, float correction1, float correction2)
    {
        if (Wide)
        {
            OptimizerKernels<Simd512>.Adam(weights, gradients, first, second, lr, beta1, beta2, epsilon, correction1, correction2);
        }
        else
        {
            OptimizerKernels<Simd256>.Adam(weights, gradients, first, second, lr, beta1, beta2, epsilon, correction1, correction2);
        }
    }
}
