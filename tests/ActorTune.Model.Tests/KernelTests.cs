using System.Runtime.Intrinsics;
using ActorTune.Model.Training.Mlp.Kernels;

namespace ActorTune.Model.Tests;

/// <summary>
/// Every kernel against a plain double-precision reference, at both register widths, on shapes that hit every tile
/// shape and tail: 1..7 leftover rows, 1..4 vectors per panel, partial last vectors, more than one panel. Outputs
/// sit in arrays longer than needed, filled with a guard value, to catch a masked store that writes past its row.
/// </summary>
public class KernelTests
{
    private const float Guard = -12345.5f;

    public static TheoryData<int, int, int> Shapes
    {
        get
        {
            var shapes = new TheoryData<int, int, int>
            {
                { 1, 1, 1 }, { 3, 5, 7 }, { 4, 64, 128 }, { 5, 17, 33 }, { 64, 128, 10 }, { 7, 9, 16 }, { 13, 31, 47 },
                { 16, 8, 64 }, { 2, 3, 100 }, { 6, 4, 64 }, { 8, 2, 48 }, { 9, 3, 130 }, { 15, 0, 20 }, { 23, 7, 257 },
            };
            // And a few drawn at random, the same every run.
            var random = new Random(2024);
            for (var i = 0; i < 8; i++)
            {
                shapes.Add(random.Next(1, 40), random.Next(1, 40), random.Next(1, 140));
            }
            return shapes;
        }
    }

    private static float[] RandomArray(Random random, int length) =>
        Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();

    private static float[] Guarded(int length, int extra = 37) => Enumerable.Repeat(Guard, length + extra).ToArray();

    private static void AssertGuardsIntact(float[] array, int used, string what)
    {
        for (var i = used; i < array.Length; i++)
        {
            Assert.True(array[i] == Guard, $"{what}: wrote past the end, at [{i}] ({used} used)");
        }
    }

    private static void AssertClose(double expected, float actual, string what, double tolerance = 1e-4)
    {
        Assert.True(Math.Abs(expected - actual) <= tolerance * (1 + Math.Abs(expected)), $"{what}: {actual} != {expected}");
    }

    private static double Apply(double z, Activation activation) => activation switch
    {
        Activation.Relu => Math.Max(z, 0),
        Activation.Tanh => Math.Tanh(z),
        _ => z,
    };

    private static double Derivative(double output, Activation activation) => activation switch
    {
        Activation.Relu => output > 0 ? 1 : 0,
        Activation.Tanh => 1 - output * output,
        _ => 1,
    };

    /// <summary>The epilogue the plain way, in double, with X read through the same strides.</summary>
    private static double[] Naive(float[] x, int rowStride, int innerStride, float[] y, int m, int t, int n,
        EpilogueKind kind, Activation activation, float[] bias, float[] outputs)
    {
        var c = new double[m * n];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double sum = 0;
                for (var k = 0; k < t; k++)
                {
                    sum += (double)x[i * rowStride + k * innerStride] * y[k * n + j];
                }
                c[i * n + j] = kind switch
                {
                    EpilogueKind.BiasActivation => Apply(sum + bias[j], activation),
                    EpilogueKind.TimesDerivative => sum * Derivative(outputs[i * n + j], activation),
                    _ => sum,
                };
            }
        }
        return c;
    }

    private static void CheckProduct<TV>(int m, int t, int n, bool transposed, EpilogueKind kind, Activation activation)
        where TV : struct, ISimd<TV>
    {
        var random = new Random(m * 1000 + t * 10 + n);
        var x = RandomArray(random, m * t);
        var y = RandomArray(random, t * n);
        var bias = kind == EpilogueKind.BiasActivation ? RandomArray(random, n) : [];
        // Outputs of an activation: ReLU's are ≥ 0 (some exactly 0), tanh's in (−1, 1).
        var outputs = kind == EpilogueKind.TimesDerivative
            ? RandomArray(random, m * n).Select(v => activation == Activation.Relu ? Math.Max(v, 0) : v * 0.9f).ToArray()
            : [];
        // Transposed: X is stored [t × m] and read column-wise, as the weight-gradient product does.
        var (rowStride, innerStride) = transposed ? (1, m) : (t, 1);
        var expected = Naive(x, rowStride, innerStride, y, m, t, n, kind, activation, bias, outputs);
        var actual = Guarded(m * n);
        ProductKernel<TV>.Run(x, rowStride, innerStride, y, actual, m, t, n, kind, activation, bias, outputs);
        var what = $"{typeof(TV).Name} {m}x{t}x{n} transposed={transposed} {kind} {activation}";
        for (var i = 0; i < expected.Length; i++)
        {
            AssertClose(expected[i], actual[i], $"{what} [{i}]");
        }
        AssertGuardsIntact(actual, m * n, what);
    }

    private static void CheckAllProducts<TV>(int m, int t, int n) where TV : struct, ISimd<TV>
    {
        foreach (var transposed in new[] { false, true })
        {
            CheckProduct<TV>(m, t, n, transposed, EpilogueKind.Store, Activation.None);
            foreach (var activation in new[] { Activation.None, Activation.Relu, Activation.Tanh })
            {
                CheckProduct<TV>(m, t, n, transposed, EpilogueKind.BiasActivation, activation);
            }
            CheckProduct<TV>(m, t, n, transposed, EpilogueKind.TimesDerivative, Activation.Relu);
            CheckProduct<TV>(m, t, n, transposed, EpilogueKind.TimesDerivative, Activation.Tanh);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Product_matches_a_naive_reference_at_256_bits(int m, int t, int n) => CheckAllProducts<Simd256>(m, t, n);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Product_matches_a_naive_reference_at_512_bits(int m, int t, int n)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            // Without AVX-512 the 512-bit path is never chosen (and its masked loads do not exist).
            CheckAllProducts<Simd512>(m, t, n);
        }
    }

    [Fact]
    public void Product_refuses_operands_too_short_for_its_shape()
    {
        var small = new float[10];
        Assert.Throws<ArgumentException>(() =>
            ProductKernel<Simd256>.Run(small, 4, 1, small, new float[100], 4, 4, 4, EpilogueKind.Store, Activation.None, [], []));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 9)]
    [InlineData(8, 8)]
    [InlineData(16, 16)]
    [InlineData(17, 33)]
    [InlineData(64, 256)]
    [InlineData(256, 64)]
    [InlineData(130, 10)]
    public void Transpose_matches_element_by_element(int m, int n)
    {
        var source = RandomArray(new Random(m + n), m * n);
        var destination = Guarded(m * n);
        TransposeKernel.Run(source, m, n, destination);
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                Assert.Equal(source[i * n + j], destination[j * m + i]);
            }
        }
        AssertGuardsIntact(destination, m * n, $"transpose {m}x{n}");
    }

    private static void CheckColumnSums<TV>(int rows, int columns) where TV : struct, ISimd<TV>
    {
        var matrix = RandomArray(new Random(rows * 7 + columns), rows * columns);
        var sums = Guarded(columns);
        ElementwiseKernels<TV>.ColumnSums(matrix, rows, sums.AsSpan(0, columns));
        for (var j = 0; j < columns; j++)
        {
            AssertClose(Enumerable.Range(0, rows).Sum(r => (double)matrix[r * columns + j]), sums[j], $"{typeof(TV).Name} column {j}");
        }
        AssertGuardsIntact(sums, columns, "column sums");
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 10)]
    [InlineData(64, 128)]
    [InlineData(3, 37)]
    public void Column_sums_match_at_both_widths(int rows, int columns)
    {
        CheckColumnSums<Simd256>(rows, columns);
        if (Vector512.IsHardwareAccelerated)
        {
            CheckColumnSums<Simd512>(rows, columns);
        }
    }

    private static void CheckSoftmax<TV>(int rows, int classes) where TV : struct, ISimd<TV>
    {
        var random = new Random(rows * 31 + classes);
        var logits = RandomArray(random, rows * classes).Select(v => v * 4).ToArray();
        // A tie for the maximum in the first row: the first of the tied classes counts as the prediction.
        if (classes > 2)
        {
            logits[1] = logits[2] = 9f;
        }
        var labels = Enumerable.Range(0, rows).Select(r => random.Next(classes)).ToArray();
        labels[0] = classes > 2 ? 1 : labels[0];
        const float scale = 0.25f;
        var gradient = Guarded(rows * classes);
        var loss = SoftmaxKernel<TV>.Run(logits, labels, rows, classes, gradient.AsSpan(0, rows * classes), scale, out var correct);
        double expectedLoss = 0;
        var expectedCorrect = 0;
        for (var r = 0; r < rows; r++)
        {
            var z = logits.AsSpan(r * classes, classes).ToArray().Select(v => (double)v).ToArray();
            var max = z.Max();
            var sum = z.Sum(v => Math.Exp(v - max));
            expectedLoss += Math.Log(sum) - (z[labels[r]] - max);
            expectedCorrect += Array.IndexOf(z, max) == labels[r] ? 1 : 0;
            for (var k = 0; k < classes; k++)
            {
                var expected = (Math.Exp(z[k] - max) / sum - (k == labels[r] ? 1 : 0)) * scale;
                AssertClose(expected, gradient[r * classes + k], $"{typeof(TV).Name} {classes} classes, gradient [{r}, {k}]", 1e-5);
            }
        }
        Assert.Equal(expectedLoss, loss, 1e-4 * rows);
        Assert.Equal(expectedCorrect, correct);
        AssertGuardsIntact(gradient, rows * classes, "softmax gradient");
        // Without a gradient buffer: the same loss and count, nothing written.
        Assert.Equal(loss, SoftmaxKernel<TV>.Run(logits, labels, rows, classes, Span<float>.Empty, scale, out var again));
        Assert.Equal(correct, again);
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(9, 3)]
    [InlineData(64, 10)]
    [InlineData(5, 16)]
    [InlineData(7, 17)]
    [InlineData(4, 40)]
    public void Softmax_cross_entropy_matches_at_both_widths(int rows, int classes)
    {
        CheckSoftmax<Simd256>(rows, classes);
        if (Vector512.IsHardwareAccelerated)
        {
            CheckSoftmax<Simd512>(rows, classes);
        }
    }

    [Fact]
    public void Softmax_cross_entropy_gradient_is_softmax_minus_onehot()
    {
        float[] logits = [1f, 2f, 3f, 0f, 0f, 0f];
        int[] labels = [2, 0];
        var gradient = new float[6];
        var loss = Kernels.SoftmaxCrossEntropy(logits, labels, 2, 3, gradient, 0.5f, out var correct);
        var p = new[] { Math.Exp(1), Math.Exp(2), Math.Exp(3) };
        var sum = p.Sum();
        Assert.Equal(-Math.Log(p[2] / sum) + Math.Log(3), loss, 5);
        Assert.Equal(2, correct); // the second row ties; arg-max takes the first class, its label
        Assert.Equal((p[2] / sum - 1) * 0.5, gradient[2], 5);
        Assert.Equal((1.0 / 3 - 1) * 0.5, gradient[3], 5);
    }

    private static void CheckExponential<TV>() where TV : struct, ISimd<TV>
    {
        var inputs = Enumerable.Range(0, 2001).Select(i => -90f + i * 0.0891f).Concat([0f, -1e-7f, 1e-7f, 88f, -87f]).ToArray();
        foreach (var x in inputs)
        {
            var e = TV.Lane(Exponential<TV>.Exp(TV.Broadcast(x)), 0);
            var expected = Math.Exp(x);
            // A few ulps where the result is a normal float; below that, 0 or a tiny subnormal.
            Assert.True(expected < 1.2e-38 ? e is >= 0 and < 1.2e-38f : Math.Abs(e - expected) <= 3e-7 * expected,
                $"{typeof(TV).Name} exp({x}) = {e}, expected {expected}");
        }
        Assert.Equal(0f, TV.Lane(Exponential<TV>.Exp(TV.Broadcast(float.NegativeInfinity)), 0));
        Assert.True(TV.Lane(Exponential<TV>.Exp(TV.Broadcast(1000f)), 0) > 1e38f, "saturates high, does not wrap");
        Assert.True(float.IsNaN(TV.Lane(Exponential<TV>.Exp(TV.Broadcast(float.NaN)), 0)));
        Assert.Equal(1f, TV.Lane(Exponential<TV>.Exp(TV.Zero), TV.Width - 1));
    }

    [Fact]
    public void Exponential_is_within_a_few_ulps_at_both_widths()
    {
        CheckExponential<Simd256>();
        if (Vector512.IsHardwareAccelerated)
        {
            CheckExponential<Simd512>();
        }
    }

    /// <summary>One optimizer step by the vector kernel and by the formulas in double, element by element.</summary>
    private static void CheckOptimizers<TV>(int length) where TV : struct, ISimd<TV>
    {
        var random = new Random(length);
        var gradients = RandomArray(random, length);
        var start = RandomArray(random, length);
        var state1 = RandomArray(random, length);
        var state2 = RandomArray(random, length).Select(Math.Abs).ToArray();
        const float lr = 0.01f, beta = 0.9f, beta2 = 0.99f, epsilon = 1e-6f, c1 = 0.19f, c2 = 0.0199f;
        var what = $"{typeof(TV).Name} length {length}";

        var weights = Guarded(length);
        start.CopyTo(weights, 0);
        OptimizerKernels<TV>.Sgd(weights.AsSpan(0, length), gradients, lr);
        for (var i = 0; i < length; i++)
        {
            AssertClose(start[i] - lr * (double)gradients[i], weights[i], $"sgd {what} [{i}]", 1e-6);
        }
        AssertGuardsIntact(weights, length, "sgd");

        weights = (float[])start.Clone();
        var velocity = (float[])state1.Clone();
        OptimizerKernels<TV>.Momentum(weights, gradients, velocity, lr, beta);
        for (var i = 0; i < length; i++)
        {
            var v = beta * (double)state1[i] + (1 - beta) * (double)gradients[i];
            AssertClose(v, velocity[i], $"momentum velocity {what} [{i}]", 1e-6);
            AssertClose(start[i] - lr * v, weights[i], $"momentum {what} [{i}]", 1e-6);
        }

        weights = (float[])start.Clone();
        var square = (float[])state2.Clone();
        OptimizerKernels<TV>.RmsProp(weights, gradients, square, lr, beta2, epsilon);
        for (var i = 0; i < length; i++)
        {
            var s = beta2 * (double)state2[i] + (1 - beta2) * gradients[i] * (double)gradients[i];
            AssertClose(s, square[i], $"rmsprop square {what} [{i}]", 1e-6);
            AssertClose(start[i] - lr * gradients[i] / (Math.Sqrt(s) + epsilon), weights[i], $"rmsprop {what} [{i}]", 1e-5);
        }

        weights = (float[])start.Clone();
        var first = (float[])state1.Clone();
        var second = (float[])state2.Clone();
        OptimizerKernels<TV>.Adam(weights, gradients, first, second, lr, beta, beta2, epsilon, c1, c2);
        for (var i = 0; i < length; i++)
        {
            var m = beta * (double)state1[i] + (1 - beta) * (double)gradients[i];
            var v = beta2 * (double)state2[i] + (1 - beta2) * gradients[i] * (double)gradients[i];
            AssertClose(m, first[i], $"adam first {what} [{i}]", 1e-6);
            AssertClose(v, second[i], $"adam second {what} [{i}]", 1e-6);
            AssertClose(start[i] - lr / c1 * m / (Math.Sqrt(v / c2) + epsilon), weights[i], $"adam {what} [{i}]", 1e-5);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(100)]
    public void Optimizers_match_their_formulas_at_both_widths(int length)
    {
        CheckOptimizers<Simd256>(length);
        if (Vector512.IsHardwareAccelerated)
        {
            CheckOptimizers<Simd512>(length);
        }
    }

    /// <summary>Averages that decay below the smallest normal float become 0, never subnormal, and stay there.</summary>
    private static void CheckAveragesFlushToZero<TV>() where TV : struct, ISimd<TV>
    {
        const int length = 19;
        var gradients = new float[length]; // a dead unit's weights: gradient 0 for good
        var tiny = Enumerable.Range(0, length).Select(i => (i % 2 == 0 ? 1 : -1) * 1.3e-38f).ToArray();
        var weights = Enumerable.Repeat(0.5f, length).ToArray();
        var velocity = (float[])tiny.Clone();
        var square = tiny.Select(Math.Abs).ToArray();
        var first = (float[])tiny.Clone();
        var second = tiny.Select(Math.Abs).ToArray();

        OptimizerKernels<TV>.Momentum(weights, gradients, velocity, 0.01f, 0.9f);
        OptimizerKernels<TV>.RmsProp(weights, gradients, square, 0.01f, 0.9f, 1e-8f);
        OptimizerKernels<TV>.Adam(weights, gradients, first, second, 0.01f, 0.9f, 0.9f, 1e-8f, 1f, 1f);

        // 0.9 × 1.3e-38 is subnormal: flushed. Bits compared, so a -0 or a subnormal would fail.
        foreach (var state in new[] { velocity, square, first, second })
        {
            Assert.All(state, x => Assert.Equal(0, BitConverter.SingleToInt32Bits(x) & int.MaxValue));
        }
        Assert.All(weights, w => Assert.Equal(0.5f, w));
        // A normal average is kept as it is.
        var normal = Enumerable.Repeat(2e-38f, length).ToArray();
        OptimizerKernels<TV>.Momentum(weights, gradients, normal, 0.01f, 0.9f);
        Assert.All(normal, v => Assert.Equal(0.9f * 2e-38f, v));
    }

    [Fact]
    public void Optimizer_averages_flush_to_zero_below_the_smallest_normal_float_at_both_widths()
    {
        CheckAveragesFlushToZero<Simd256>();
        if (Vector512.IsHardwareAccelerated)
        {
            CheckAveragesFlushToZero<Simd512>();
        }
    }
}
