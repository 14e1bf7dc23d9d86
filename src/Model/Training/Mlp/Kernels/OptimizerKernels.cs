using System.Runtime.CompilerServices;

namespace ActorTune.Model.Training.Mlp.Kernels;

/// <summary>
/// Parameter updates over the whole flat parameter vector, one pass each, the last partial vector masked. Momentum
/// and RMSprop follow the seed's exponentially weighted averages (v = βv + (1-β)g), Adam is Kingma &amp; Ba with bias
/// correction. Every running average is flushed to zero once it falls below the smallest normal float (see
/// <see cref="Flush"/>).
/// </summary>
internal static unsafe class OptimizerKernels<TV> where TV : struct, ISimd<TV>
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Sgd(Span<float> weights, ReadOnlySpan<float> gradients, float lr)
    {
        var n = Check(weights.Length, gradients.Length, weights.Length, weights.Length);
        var step = TV.Broadcast(-lr);
        fixed (float* wp = weights, gp = gradients)
        {
            for (var i = 0; i < n; i += TV.Width)
            {
                var lanes = n - i;
                Lanes<TV>.Store(TV.MultiplyAdd(step, Lanes<TV>.Load(gp + i, lanes), Lanes<TV>.Load(wp + i, lanes)), wp + i, lanes);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Momentum(Span<float> weights, ReadOnlySpan<float> gradients, Span<float> velocity, float lr, float beta)
    {
        var n = Check(weights.Length, gradients.Length, velocity.Length, weights.Length);
        var b = TV.Broadcast(beta);
        var oneMinusB = TV.Broadcast(1 - beta);
        var step = TV.Broadcast(-lr);
        fixed (float* wp = weights, gp = gradients, vp = velocity)
        {
            for (var i = 0; i < n; i += TV.Width)
            {
                var lanes = n - i;
                var v = Flush(TV.MultiplyAdd(b, Lanes<TV>.Load(vp + i, lanes), TV.Multiply(oneMinusB, Lanes<TV>.Load(gp + i, lanes))));
                Lanes<TV>.Store(v, vp + i, lanes);
                Lanes<TV>.Store(TV.MultiplyAdd(step, v, Lanes<TV>.Load(wp + i, lanes)), wp + i, lanes);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RmsProp(Span<float> weights, ReadOnlySpan<float> gradients, Span<float> square, float lr, float beta2, float epsilon)
    {
        var n = Check(weights.Length, gradients.Length, square.Length, weights.Length);
        var b = TV.Broadcast(beta2);
        var oneMinusB = TV.Broadcast(1 - beta2);
        var eps = TV.Broadcast(epsilon);
        var step = TV.Broadcast(-lr);
        fixed (float* wp = weights, gp = gradients, sp = square)
        {
            for (var i = 0; i < n; i += TV.Width)
            {
                var lanes = n - i;
                var g = Lanes<TV>.Load(gp + i, lanes);
                var s = FlushNonNegative(TV.MultiplyAdd(b, Lanes<TV>.Load(sp + i, lanes), TV.Multiply(oneMinusB, TV.Multiply(g, g))));
                Lanes<TV>.Store(s, sp + i, lanes);
                var update = TV.Divide(g, TV.Add(TV.Sqrt(s), eps));
                Lanes<TV>.Store(TV.MultiplyAdd(step, update, Lanes<TV>.Load(wp + i, lanes)), wp + i, lanes);
            }
        }
    }

    /// <param name="correction1">1 − β1ᵗ</param>
    /// <param name="correction2">1 − β2ᵗ</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Adam(Span<float> weights, ReadOnlySpan<float> gradients, Span<float> first, Span<float> second,
        float lr, float beta1, float beta2, float epsilon, float correction1, float correction2)
    {
        var n = Check(weights.Length, gradients.Length, first.Length, second.Length);
        var b1 = TV.Broadcast(beta1);
        var oneMinusB1 = TV.Broadcast(1 - beta1);
        var b2 = TV.Broadcast(beta2);
        var oneMinusB2 = TV.Broadcast(1 - beta2);
        var eps = TV.Broadcast(epsilon);
        var step = TV.Broadcast(-lr / correction1);
        var unbias2 = TV.Broadcast(1 / correction2);
        fixed (float* wp = weights, gp = gradients, mp = first, vp = second)
        {
            for (var i = 0; i < n; i += TV.Width)
            {
                var lanes = n - i;
                var g = Lanes<TV>.Load(gp + i, lanes);
                var m = Flush(TV.MultiplyAdd(b1, Lanes<TV>.Load(mp + i, lanes), TV.Multiply(oneMinusB1, g)));
                var v = FlushNonNegative(TV.MultiplyAdd(b2, Lanes<TV>.Load(vp + i, lanes), TV.Multiply(oneMinusB2, TV.Multiply(g, g))));
                Lanes<TV>.Store(m, mp + i, lanes);
                Lanes<TV>.Store(v, vp + i, lanes);
                var denominator = TV.Add(TV.Sqrt(TV.Multiply(v, unbias2)), eps);
                Lanes<TV>.Store(TV.MultiplyAdd(step, TV.Divide(m, denominator), Lanes<TV>.Load(wp + i, lanes)), wp + i, lanes);
            }
        }
    }

    private const float SmallestNormal = 1.17549435e-38f;

    /// <summary>
    /// A weight whose gradient stays 0 (into a dead ReLU unit) has its average decay by β every step until it is
    /// subnormal, about 800 steps later for β = 0.9, and there it stays: 0.9 × the smallest subnormal rounds back to
    /// itself. Arithmetic on subnormals takes a slow path in the processor (.NET cannot set flush-to-zero), which
    /// made epochs about 18% slower from then on (measured: 9.5 ms to 11.2 ms per epoch of a 64-256-256-256-10
    /// network). Below the smallest normal float an average is 0 for every purpose: its update is under 10⁻³⁰.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Flush(TV x) => TV.WhereLess(TV.Max(x, TV.Subtract(TV.Zero, x)), TV.Broadcast(SmallestNormal), TV.Zero, x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV FlushNonNegative(TV x) => TV.WhereLess(x, TV.Broadcast(SmallestNormal), TV.Zero, x);

    /// <summary>The state arrays must cover the weights: the kernels write through raw pointers.</summary>
    private static int Check(int weights, int gradients, int state1, int state2)
    {
        if (gradients < weights || state1 < weights || state2 < weights)
        {
            throw new ArgumentException($"optimizer arrays shorter than the {weights} weights");
        }
        return weights;
    }
}
