using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ActorTune.Model.Training.Mlp.Kernels;

/// <summary>
/// destination[n×m] = sourceᵀ for a row-major source[m×n]. The input-gradient product needs each weight matrix
/// transposed once per step; element by element that costs as much as a third of the step (every store lands on
/// another cache line), so whole 8×8 blocks are transposed in registers (three rounds of shuffles) and stored as rows.
/// (A 16×16 block in AVX-512 registers would take one more round of shuffles for the same memory traffic.)
/// </summary>
internal static unsafe class TransposeKernel
{
    private const int Block = 8;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(ReadOnlySpan<float> source, int m, int n, Span<float> destination)
    {
        if (source.Length < (long)m * n || destination.Length < (long)m * n)
        {
            throw new ArgumentException($"operands too short for a {m}×{n} transpose");
        }
        fixed (float* s = source, d = destination)
        {
            var blockRows = Avx.IsSupported ? m - m % Block : 0;
            var blockColumns = Avx.IsSupported ? n - n % Block : 0;
            // A strip of 16 source columns (one cache line wide) walked down all rows: every source line is read
            // once and used whole, and the 16 destination rows fill sequentially. Block by block across rows
            // instead, power-of-two widths (256) make the lines fight over a few L1 sets and get evicted between
            // their two uses: several times slower.
            for (var j0 = 0; j0 < blockColumns; j0 += 2 * Block)
            {
                var j1 = Math.Min(j0 + 2 * Block, blockColumns);
                for (var i = 0; i < blockRows; i += Block)
                {
                    for (var j = j0; j < j1; j += Block)
                    {
                        Block8(s + (nint)i * n + j, n, d + (nint)j * m + i, m);
                    }
                }
            }
            // The ragged right edge and bottom edge, one element at a time.
            for (var i = 0; i < m; i++)
            {
                for (var j = i < blockRows ? blockColumns : 0; j < n; j++)
                {
                    d[(nint)j * m + i] = s[(nint)i * n + j];
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block8(float* s, nint sourceStride, float* d, nint destinationStride)
    {
        var r0 = Avx.LoadVector256(s);
        var r1 = Avx.LoadVector256(s + sourceStride);
        var r2 = Avx.LoadVector256(s + 2 * sourceStride);
        var r3 = Avx.LoadVector256(s + 3 * sourceStride);
        var r4 = Avx.LoadVector256(s + 4 * sourceStride);
        var r5 = Avx.LoadVector256(s + 5 * sourceStride);
        var r6 = Avx.LoadVector256(s + 6 * sourceStride);
        var r7 = Avx.LoadVector256(s + 7 * sourceStride);
        // Interleave pairs of rows, then pairs of pairs: each 128-bit half now holds a 4×4 block's column.
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);
        var u0 = Avx.Shuffle(t0, t2, 0x44);
        var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44);
        var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44);
        var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44);
        var u7 = Avx.Shuffle(t5, t7, 0xEE);
        // Join the upper four rows' halves with the lower four rows' halves.
        Store(Avx.Permute2x128(u0, u4, 0x20), d);
        Store(Avx.Permute2x128(u1, u5, 0x20), d + destinationStride);
        Store(Avx.Permute2x128(u2, u6, 0x20), d + 2 * destinationStride);
        Store(Avx.Permute2x128(u3, u7, 0x20), d + 3 * destinationStride);
        Store(Avx.Permute2x128(u0, u4, 0x31), d + 4 * destinationStride);
        Store(Avx.Permute2x128(u1, u5, 0x31), d + 5 * destinationStride);
        Store(Avx.Permute2x128(u2, u6, 0x31), d + 6 * destinationStride);
        Store(Avx.Permute2x128(u3, u7, 0x31), d + 7 * destinationStride);
    }

    private static void Store(Vector256<float> row, float* destination) => Avx.Store(destination, row);
}
