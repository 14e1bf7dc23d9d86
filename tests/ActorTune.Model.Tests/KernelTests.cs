using System.Runtime.Intrinsics;
using ActorTune.Model.Training.Mlp.Kernels;

namespace ActorTune.Model.Tests;

public class KernelTests
{
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 }, { 3, 5, 7 }, { 4, 64, 128 }, { 5, 17, 33 }, { 64, 128, 10 }, { 7, 9, 16 }, { 13, 31, 47 }, { 16, 8, 64 }, { 2, 3, 100 },
    };

    private static float[] RandomArray(Random random, int length) =>
        Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();

    /// <summary>C = act(X·Y + b) the plain way, in double, with X read through the same strides.</summary>
    private static float[] Naive(float[] x, int rowStride, int innerStride, float[] y, int m, int t, int n, float[] bias, Activation activation)
    {
        var c = new float[m * n];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double sum = bias.Length > 0 ? bias[j] : 0;
                for (var k = 0; k < t; k++)
                {
                    sum += (double)x[i * rowStride + k * innerStride] * y[k * n + j];
                }
                c[i * n + j] = activation switch
                {
                    Activation.Relu => (float)Math.Max(sum, 0),
                    Activation.Tanh => (float)Math.Tanh(sum),
                    _ => (float)sum,
                };
            }
        }
        return c;
    }

    private static void Check<TV>(int m, int t, int n, bool transposed, Activation activation, bool withBias) where TV : struct, ISimd<TV>
    {
        var random = new Random(m * 1000 + t * 10 + n);
        var x = RandomArray(random, m * t);
        var y = RandomArray(random, t * n);
        var bias = withBias ? RandomArray(random, n) : [];
        // Transposed: X is stored [t × m] and read column-wise, as the weight-gradient product does.
        var (rowStride, innerStride) = transposed ? (1, m) : (t, 1);
        var expected = Naive(x, rowStride, innerStride, y, m, t, n, bias, activation);
        var actual = new float[m * n];
        ProductKernel<TV>.Run(x, rowStride, innerStride, y, actual, m, t, n,
            withBias ? EpilogueKind.BiasActivation : EpilogueKind.Store, activation, bias, []);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4f * (1 + Math.Abs(expected[i])),
                $"{typeof(TV).Name} {m}x{t}x{n} transposed={transposed} {activation}: [{i}] {actual[i]} != {expected[i]}");
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Product_matches_a_naive_reference_at_256_bits(int m, int t, int n)
    {
        foreach (var transposed in new[] { false, true })
        {
            Check<Simd256>(m, t, n, transposed, Activation.None, withBias: false);
            Check<Simd256>(m, t, n, transposed, Activation.None, withBias: true);
            Check<Simd256>(m, t, n, transposed, Activation.Relu, withBias: true);
            Check<Simd256>(m, t, n, transposed, Activation.Tanh, withBias: true);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Product_matches_a_naive_reference_at_512_bits(int m, int t, int n)
    {
        if (!Vector512.IsHardwareAccelerated)
        {
            return; // Vector512 is emulated without AVX-512, which is correct but not what production runs.
        }
        foreach (var transposed in new[] { false, true })
        {
            Check<Simd512>(m, t, n, transposed, Activation.None, withBias: false);
            Check<Simd512>(m, t, n, transposed, Activation.None, withBias: true);
            Check<Simd512>(m, t, n, transposed, Activation.Relu, withBias: true);
            Check<Simd512>(m, t, n, transposed, Activation.Tanh, withBias: true);
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
}
