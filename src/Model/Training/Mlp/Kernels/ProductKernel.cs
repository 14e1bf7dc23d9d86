using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ActorTune.Model.Training.Mlp.Kernels;

/// <summary>
/// C[m×n] = act(X·Y + bias) where Y is row-major [t×n] and X is read through strides, X(r, k) = x[r·rowStride +
/// k·innerStride]. One kernel serves the three products of training: forward (X = activations), the weight
/// gradient (X = activationsᵀ: strides swapped) and the input gradient (Y = weightsᵀ).
/// Register-blocked: 4 rows × 2 vectors of C stay in registers while the inner dimension streams past, so each
/// loaded vector of Y feeds four multiply-adds.
/// </summary>
internal static class ProductKernel<TV> where TV : struct, ISimd<TV>
{
    public static void Run(
        ReadOnlySpan<float> x, int rowStride, int innerStride,
        ReadOnlySpan<float> y, Span<float> c,
        int m, int t, int n,
        ReadOnlySpan<float> bias, Activation activation)
    {
        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var yr = ref MemoryMarshal.GetReference(y);
        ref var cr = ref MemoryMarshal.GetReference(c);
        ref var br = ref MemoryMarshal.GetReference(bias);
        var hasBias = !bias.IsEmpty;
        var relu = activation == Activation.Relu;
        var row = 0;
        for (; row + 4 <= m; row += 4)
        {
            Rows4(ref xr, rowStride, innerStride, ref yr, ref cr, row, t, n, ref br, hasBias, relu);
        }
        for (; row < m; row++)
        {
            Rows1(ref xr, rowStride, innerStride, ref yr, ref cr, row, t, n, ref br, hasBias, relu);
        }
        if (activation == Activation.Tanh)
        {
            var output = c[..(m * n)];
            for (var i = 0; i < output.Length; i++)
            {
                output[i] = MathF.Tanh(output[i]);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows4(ref float xr, int rs, int ks, ref float yr, ref float cr, int row, int t, int n,
        ref float br, bool hasBias, bool relu)
    {
        var w = TV.Width;
        nint x0 = (nint)row * rs, x1 = x0 + rs, x2 = x1 + rs, x3 = x2 + rs;
        nint c0 = (nint)row * n, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
        var j = 0;
        for (; j + 2 * w <= n; j += 2 * w)
        {
            var b0 = hasBias ? TV.Load(ref br, j) : TV.Zero;
            var b1 = hasBias ? TV.Load(ref br, j + w) : TV.Zero;
            TV a00 = b0, a01 = b1, a10 = b0, a11 = b1, a20 = b0, a21 = b1, a30 = b0, a31 = b1;
            nint yk = j;
            nint xk = 0;
            for (var k = 0; k < t; k++, yk += n, xk += ks)
            {
                var y0 = TV.Load(ref yr, yk);
                var y1 = TV.Load(ref yr, yk + w);
                var s = TV.Broadcast(Unsafe.Add(ref xr, x0 + xk));
                a00 = TV.MultiplyAdd(s, y0, a00);
                a01 = TV.MultiplyAdd(s, y1, a01);
                s = TV.Broadcast(Unsafe.Add(ref xr, x1 + xk));
                a10 = TV.MultiplyAdd(s, y0, a10);
                a11 = TV.MultiplyAdd(s, y1, a11);
                s = TV.Broadcast(Unsafe.Add(ref xr, x2 + xk));
                a20 = TV.MultiplyAdd(s, y0, a20);
                a21 = TV.MultiplyAdd(s, y1, a21);
                s = TV.Broadcast(Unsafe.Add(ref xr, x3 + xk));
                a30 = TV.MultiplyAdd(s, y0, a30);
                a31 = TV.MultiplyAdd(s, y1, a31);
            }
            StoreEpilogue(a00, ref cr, c0 + j, relu);
            StoreEpilogue(a01, ref cr, c0 + j + w, relu);
            StoreEpilogue(a10, ref cr, c1 + j, relu);
            StoreEpilogue(a11, ref cr, c1 + j + w, relu);
            StoreEpilogue(a20, ref cr, c2 + j, relu);
            StoreEpilogue(a21, ref cr, c2 + j + w, relu);
            StoreEpilogue(a30, ref cr, c3 + j, relu);
            StoreEpilogue(a31, ref cr, c3 + j + w, relu);
        }
        for (; j + w <= n; j += w)
        {
            var b0 = hasBias ? TV.Load(ref br, j) : TV.Zero;
            TV a0 = b0, a1 = b0, a2 = b0, a3 = b0;
            nint yk = j;
            nint xk = 0;
            for (var k = 0; k < t; k++, yk += n, xk += ks)
            {
                var y0 = TV.Load(ref yr, yk);
                a0 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref xr, x0 + xk)), y0, a0);
                a1 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref xr, x1 + xk)), y0, a1);
                a2 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref xr, x2 + xk)), y0, a2);
                a3 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref xr, x3 + xk)), y0, a3);
            }
            StoreEpilogue(a0, ref cr, c0 + j, relu);
            StoreEpilogue(a1, ref cr, c1 + j, relu);
            StoreEpilogue(a2, ref cr, c2 + j, relu);
            StoreEpilogue(a3, ref cr, c3 + j, relu);
        }
        for (; j < n; j++)
        {
            var bias = hasBias ? Unsafe.Add(ref br, j) : 0f;
            float s0 = bias, s1 = bias, s2 = bias, s3 = bias;
            nint yk = j;
            nint xk = 0;
            for (var k = 0; k < t; k++, yk += n, xk += ks)
            {
                var yv = Unsafe.Add(ref yr, yk);
                s0 = MathF.FusedMultiplyAdd(Unsafe.Add(ref xr, x0 + xk), yv, s0);
                s1 = MathF.FusedMultiplyAdd(Unsafe.Add(ref xr, x1 + xk), yv, s1);
                s2 = MathF.FusedMultiplyAdd(Unsafe.Add(ref xr, x2 + xk), yv, s2);
                s3 = MathF.FusedMultiplyAdd(Unsafe.Add(ref xr, x3 + xk), yv, s3);
            }
            Unsafe.Add(ref cr, c0 + j) = relu ? MathF.Max(s0, 0) : s0;
            Unsafe.Add(ref cr, c1 + j) = relu ? MathF.Max(s1, 0) : s1;
            Unsafe.Add(ref cr, c2 + j) = relu ? MathF.Max(s2, 0) : s2;
            Unsafe.Add(ref cr, c3 + j) = relu ? MathF.Max(s3, 0) : s3;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows1(ref float xr, int rs, int ks, ref float yr, ref float cr, int row, int t, int n,
        ref float br, bool hasBias, bool relu)
    {
        var w = TV.Width;
        nint x0 = (nint)row * rs;
        nint c0 = (nint)row * n;
        var j = 0;
        for (; j + w <= n; j += w)
        {
            var a0 = hasBias ? TV.Load(ref br, j) : TV.Zero;
            nint yk = j;
            nint xk = 0;
            for (var k = 0; k < t; k++, yk += n, xk += ks)
            {
                a0 = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref xr, x0 + xk)), TV.Load(ref yr, yk), a0);
            }
            StoreEpilogue(a0, ref cr, c0 + j, relu);
        }
        for (; j < n; j++)
        {
            var s0 = hasBias ? Unsafe.Add(ref br, j) : 0f;
            nint yk = j;
            nint xk = 0;
            for (var k = 0; k < t; k++, yk += n, xk += ks)
            {
                s0 = MathF.FusedMultiplyAdd(Unsafe.Add(ref xr, x0 + xk), Unsafe.Add(ref yr, yk), s0);
            }
            Unsafe.Add(ref cr, c0 + j) = relu ? MathF.Max(s0, 0) : s0;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreEpilogue(TV value, ref float destination, nint offset, bool relu) =>
        TV.Store(relu ? TV.Max(value, TV.Zero) : value, ref destination, offset);
}
