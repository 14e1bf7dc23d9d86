using System.Runtime.InteropServices;

namespace ActorTune.Model.Training.Mlp.Kernels;

/// <summary>
/// Parameter updates over the whole flat parameter vector, one pass each. Momentum and RMSprop follow the
/// seed's exponentially weighted averages (v = βv + (1-β)g), Adam is Kingma &amp; Ba with bias correction.
/// </summary>
internal static class OptimizerKernels<TV> where TV : struct, ISimd<TV>
{
    public static void Sgd(Span<float> weights, ReadOnlySpan<float> gradients, float lr)
    {
        ref var wr = ref MemoryMarshal.GetReference(weights);
        ref var gr = ref MemoryMarshal.GetReference(gradients);
        var step = TV.Broadcast(-lr);
        var n = weights.Length;
        var i = 0;
        for (; i + TV.Width <= n; i += TV.Width)
        {
            TV.Store(TV.MultiplyAdd(step, TV.Load(ref gr, i), TV.Load(ref wr, i)), ref wr, i);
        }
        for (; i < n; i++)
        {
            weights[i] -= lr * gradients[i];
        }
    }

    public static void Momentum(Span<float> weights, ReadOnlySpan<float> gradients, Span<float> velocity, float lr, float beta)
    {
        ref var wr = ref MemoryMarshal.GetReference(weights);
        ref var gr = ref MemoryMarshal.GetReference(gradients);
        ref var vr = ref MemoryMarshal.GetReference(velocity);
        var b = TV.Broadcast(beta);
        var oneMinusB = TV.Broadcast(1 - beta);
        var step = TV.Broadcast(-lr);
        var n = weights.Length;
        var i = 0;
        for (; i + TV.Width <= n; i += TV.Width)
        {
            var v = TV.MultiplyAdd(b, TV.Load(ref vr, i), TV.Multiply(oneMinusB, TV.Load(ref gr, i)));
            TV.Store(v, ref vr, i);
            TV.Store(TV.MultiplyAdd(step, v, TV.Load(ref wr, i)), ref wr, i);
        }
        for (; i < n; i++)
        {
            velocity[i] = beta * velocity[i] + (1 - beta) * gradients[i];
            weights[i] -= lr * velocity[i];
        }
    }

    public static void RmsProp(Span<float> weights, ReadOnlySpan<float> gradients, Span<float> square, float lr, float beta2, float epsilon)
    {
        ref var wr = ref MemoryMarshal.GetReference(weights);
        ref var gr = ref MemoryMarshal.GetReference(gradients);
        ref var sr = ref MemoryMarshal.GetReference(square);
        var b = TV.Broadcast(beta2);
        var oneMinusB = TV.Broadcast(1 - beta2);
        var eps = TV.Broadcast(epsilon);
        var step = TV.Broadcast(-lr);
        var n = weights.Length;
        var i = 0;
        for (; i + TV.Width <= n; i += TV.Width)
        {
            var g = TV.Load(ref gr, i);
            var s = TV.MultiplyAdd(b, TV.Load(ref sr, i), TV.Multiply(oneMinusB, TV.Multiply(g, g)));
            TV.Store(s, ref sr, i);
            var update = TV.Divide(g, TV.Add(TV.Sqrt(s), eps));
            TV.Store(TV.MultiplyAdd(step, update, TV.Load(ref wr, i)), ref wr, i);
        }
        for (; i < n; i++)
        {
            var g = gradients[i];
            square[i] = beta2 * square[i] + (1 - beta2) * g * g;
            weights[i] -= lr * g / (MathF.Sqrt(square[i]) + epsilon);
        }
    }

    /// <param name="correction1">1 − β1ᵗ</param>
    /// <param name="correction2">1 − β2ᵗ</param>
    public static void Adam(Span<float> weights, ReadOnlySpan<float> gradients, Span<float> first, Span<float> second,
        float lr, float beta1, float beta2, float epsilon, float correction1, float correction2)
    {
        ref var wr = ref MemoryMarshal.GetReference(weights);
        ref var gr = ref MemoryMarshal.GetReference(gradients);
        ref var mr = ref MemoryMarshal.GetReference(first);
        ref var vr = ref MemoryMarshal.GetReference(second);
        var b1 = TV.Broadcast(beta1);
        var oneMinusB1 = TV.Broadcast(1 - beta1);
        var b2 = TV.Broadcast(beta2);
        var oneMinusB2 = TV.Broadcast(1 - beta2);
        var eps = TV.Broadcast(epsilon);
        var step = TV.Broadcast(-lr / correction1);
        var unbias2 = TV.Broadcast(1 / correction2);
        var n = weights.Length;
        var i = 0;
        for (; i + TV.Width <= n; i += TV.Width)
        {
            var g = TV.Load(ref gr, i);
            var m = TV.MultiplyAdd(b1, TV.Load(ref mr, i), TV.Multiply(oneMinusB1, g));
            var v = TV.MultiplyAdd(b2, TV.Load(ref vr, i), TV.Multiply(oneMinusB2, TV.Multiply(g, g)));
            TV.Store(m, ref mr, i);
            TV.Store(v, ref vr, i);
            var denominator = TV.Add(TV.Sqrt(TV.Multiply(v, unbias2)), eps);
            TV.Store(TV.MultiplyAdd(step, TV.Divide(m, denominator), TV.Load(ref wr, i)), ref wr, i);
        }
        for (; i < n; i++)
        {
            var g = gradients[i];
            first[i] = beta1 * first[i] + (1 - beta1) * g;
            second[i] = beta2 * second[i] + (1 - beta2) * g * g;
            weights[i] -= lr / correction1 * first[i] / (MathF.Sqrt(second[i] / correction2) + epsilon);
        }
    }
}
