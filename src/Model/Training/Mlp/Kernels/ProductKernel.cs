using System.Runtime.CompilerServices;

namespace ActorTune.Model.Training.Mlp.Kernels;

/// <summary>
/// C[m×n] = epilogue(X·Y) where Y is row-major [t×n] and X is read through strides, X(i, k) = x[i·rowStride +
/// k·innerStride]. One kernel serves the three products of training: the forward pass (X = activations, bias and
/// activation fused), the weight gradient (X = activationsᵀ: strides swapped) and the input gradient (Y = weightsᵀ,
/// the activation's derivative fused).
/// <para>
/// Register-blocked: a tile of up to 8 rows × 4 vectors of C stays in registers (6×4 or 8×3 with AVX-512's 32
/// registers, 6×2 with AVX2's 16: enough independent multiply-adds to cover their latency on two FMA pipes) while the inner
/// dimension streams past; each loaded vector of Y feeds every row of the tile, each broadcast element of X every
/// vector. A row's last, partial vector is loaded and stored under a mask, so odd widths (10 classes) stay vectorised.
/// </para>
/// </summary>
internal static unsafe class ProductKernel<TV> where TV : struct, ISimd<TV>
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(
        ReadOnlySpan<float> x, int rowStride, int innerStride,
        ReadOnlySpan<float> y, Span<float> c,
        int m, int t, int n,
        EpilogueKind kind, Activation activation, ReadOnlySpan<float> bias, ReadOnlySpan<float> outputs)
    {
        if (m <= 0 || n <= 0)
        {
            return;
        }
        CheckLengths(x.Length, rowStride, innerStride, y.Length, c.Length, m, t, n, kind, bias.Length, outputs.Length);
        fixed (float* xp = x, yp = y, cp = c, bp = bias, op = outputs)
        {
            var epilogue = new Epilogue(kind, activation, bp, kind == EpilogueKind.TimesDerivative ? (nint)(op - cp) : 0);
            // X read down its columns (the weight gradient) gets the cheapest addressing: one pointer, rows at
            // constant offsets from it.
            if (rowStride == 1)
            {
                Panels<Yes>(xp, 1, innerStride, yp, cp, m, t, n, epilogue);
            }
            else
            {
                Panels<No>(xp, rowStride, innerStride, yp, cp, m, t, n, epilogue);
            }
        }
    }

    private static void CheckLengths(int x, int rowStride, int innerStride, int y, int c, int m, int t, int n,
        EpilogueKind kind, int bias, int outputs)
    {
        if ((t > 0 && x <= (long)(m - 1) * rowStride + (long)(t - 1) * innerStride) || y < (long)t * n || c < (long)m * n
            || (kind == EpilogueKind.BiasActivation && bias < n) || (kind == EpilogueKind.TimesDerivative && outputs < (long)m * n))
        {
            throw new ArgumentException($"operands too short for a {m}×{t}×{n} product");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Panels<TColumn>(float* x, nint rowStride, nint innerStride, float* y, float* c, int m, int t, int n,
        in Epilogue epilogue) where TColumn : struct, IFlag
    {
        var w = TV.Width;
        var column = 0;
        // Panels 4 vectors wide with 32 registers, 2 with 16; then what is left, at most as wide, the last vector partial.
        if (TV.Registers >= 32)
        {
            for (; column + 4 * w <= n; column += 4 * w)
            {
                Rows<C4, No, TColumn>(x, rowStride, innerStride, y, c, m, t, n, column, w, epilogue);
            }
        }
        else
        {
            for (; column + 2 * w <= n; column += 2 * w)
            {
                Rows<C2, No, TColumn>(x, rowStride, innerStride, y, c, m, t, n, column, w, epilogue);
            }
        }
        var left = n - column;
        if (left == 0)
        {
            return;
        }
        var vectors = (left + w - 1) / w;
        var lanes = left - (vectors - 1) * w;
        switch (vectors, lanes == w)
        {
            case (1, true):
                Rows<C1, No, TColumn>(x, rowStride, innerStride, y, c, m, t, n, column, lanes, epilogue);
                break;
            case (2, true):
                Rows<C2, No, TColumn>(x, rowStride, innerStride, y, c, m, t, n, column, lanes, epilogue);
                break;
            case (3, true):
                Rows<C3, No, TColumn>(x, rowStride, innerStride, y, c, m, t, n, column, lanes, epilogue);
                break;
            case (1, false):
                Rows<C1, Yes, TColumn>(x, rowStride, innerStride, y, c, m, t, n, column, lanes, epilogue);
                break;
            case (2, false):
                Rows<C2, Yes, TColumn>(x, rowStride, innerStride, y, c, m, t, n, column, lanes, epilogue);
                break;
            case (3, false):
                Rows<C3, Yes, TColumn>(x, rowStride, innerStride, y, c, m, t, n, column, lanes, epilogue);
                break;
            default:
                Rows<C4, Yes, TColumn>(x, rowStride, innerStride, y, c, m, t, n, column, lanes, epilogue);
                break;
        }
    }

    /// <summary>
    /// One panel of columns, all rows, in tiles as tall as the registers allow (accumulators plus the panel's Y
    /// vectors and a broadcast must fit, or the JIT spills inside the loop), the rows shared out evenly: 32 rows go
    /// 6, 6, 5, 5, 5, 5 rather than 6, 6, 6, 6, 6, 2, whose last tile has too few accumulators to hide the FMA latency.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows<TVectors, TPartial, TColumn>(float* x, nint rowStride, nint innerStride, float* y, float* c,
        int m, int t, int n, int column, int lanes, in Epilogue epilogue)
        where TVectors : struct, IConstant where TPartial : struct, IFlag where TColumn : struct, IFlag
    {
        var step = TColumn.Value ? 1 : rowStride;
        var tallest = Fits(8, TVectors.Value) ? 8 : Fits(6, TVectors.Value) ? 6 : 4;
        var tiles = (m + tallest - 1) / tallest;
        var row = 0;
        for (var tile = 0; tile < tiles; tile++)
        {
            var height = m / tiles + (tile < m % tiles ? 1 : 0);
            var xr = x + row * step;
            var cr = c + (nint)row * n + column;
            switch (height)
            {
                case 1:
                    Tile<C1, TVectors, TPartial, TColumn>(xr, rowStride, innerStride, y + column, cr, t, n, column, lanes, epilogue);
                    break;
                case 2:
                    Tile<C2, TVectors, TPartial, TColumn>(xr, rowStride, innerStride, y + column, cr, t, n, column, lanes, epilogue);
                    break;
                case 3:
                    Tile<C3, TVectors, TPartial, TColumn>(xr, rowStride, innerStride, y + column, cr, t, n, column, lanes, epilogue);
                    break;
                case 4:
                    Tile<C4, TVectors, TPartial, TColumn>(xr, rowStride, innerStride, y + column, cr, t, n, column, lanes, epilogue);
                    break;
                case 5:
                    Tile<C5, TVectors, TPartial, TColumn>(xr, rowStride, innerStride, y + column, cr, t, n, column, lanes, epilogue);
                    break;
                case 6:
                    Tile<C6, TVectors, TPartial, TColumn>(xr, rowStride, innerStride, y + column, cr, t, n, column, lanes, epilogue);
                    break;
                case 7:
                    Tile<C7, TVectors, TPartial, TColumn>(xr, rowStride, innerStride, y + column, cr, t, n, column, lanes, epilogue);
                    break;
                default:
                    Tile<C8, TVectors, TPartial, TColumn>(xr, rowStride, innerStride, y + column, cr, t, n, column, lanes, epilogue);
                    break;
            }
            row += height;
        }
    }

    /// <summary>Whether a tile of rows × vectors accumulators, the vectors' Y loads and a broadcast fit the registers.</summary>
    private static bool Fits(int rows, int vectors) => rows * vectors + vectors + 1 <= TV.Registers;

    /// <summary>
    /// TRows × TVectors of C at <paramref name="c"/>: x points at X(first row, 0), y at the panel's first column.
    /// Unused accumulators (rows or vectors beyond the tile) are dead code the JIT removes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile<TRows, TVectors, TPartial, TColumn>(float* x, nint rowStride, nint innerStride, float* y, float* c,
        int t, nint n, int column, int lanes, in Epilogue epilogue)
        where TRows : struct, IConstant where TVectors : struct, IConstant where TPartial : struct, IFlag where TColumn : struct, IFlag
    {
        var step = TColumn.Value ? 1 : rowStride;
        TV a00 = TV.Zero, a01 = TV.Zero, a02 = TV.Zero, a03 = TV.Zero;
        TV a10 = TV.Zero, a11 = TV.Zero, a12 = TV.Zero, a13 = TV.Zero;
        TV a20 = TV.Zero, a21 = TV.Zero, a22 = TV.Zero, a23 = TV.Zero;
        TV a30 = TV.Zero, a31 = TV.Zero, a32 = TV.Zero, a33 = TV.Zero;
        TV a40 = TV.Zero, a41 = TV.Zero, a42 = TV.Zero, a43 = TV.Zero;
        TV a50 = TV.Zero, a51 = TV.Zero, a52 = TV.Zero, a53 = TV.Zero;
        TV a60 = TV.Zero, a61 = TV.Zero, a62 = TV.Zero, a63 = TV.Zero;
        TV a70 = TV.Zero, a71 = TV.Zero, a72 = TV.Zero, a73 = TV.Zero;
        var xk = x;
        var yk = y;
        for (var k = 0; k < t; k++)
        {
            var y0 = LoadY<TVectors, TPartial>(yk, 0, lanes);
            var y1 = TVectors.Value > 1 ? LoadY<TVectors, TPartial>(yk, 1, lanes) : TV.Zero;
            var y2 = TVectors.Value > 2 ? LoadY<TVectors, TPartial>(yk, 2, lanes) : TV.Zero;
            var y3 = TVectors.Value > 3 ? LoadY<TVectors, TPartial>(yk, 3, lanes) : TV.Zero;
            Accumulate<TVectors>(xk[0], y0, y1, y2, y3, ref a00, ref a01, ref a02, ref a03);
            if (TRows.Value > 1)
            {
                Accumulate<TVectors>(xk[step], y0, y1, y2, y3, ref a10, ref a11, ref a12, ref a13);
            }
            if (TRows.Value > 2)
            {
                Accumulate<TVectors>(xk[2 * step], y0, y1, y2, y3, ref a20, ref a21, ref a22, ref a23);
            }
            if (TRows.Value > 3)
            {
                Accumulate<TVectors>(xk[3 * step], y0, y1, y2, y3, ref a30, ref a31, ref a32, ref a33);
            }
            if (TRows.Value > 4)
            {
                Accumulate<TVectors>(xk[4 * step], y0, y1, y2, y3, ref a40, ref a41, ref a42, ref a43);
            }
            if (TRows.Value > 5)
            {
                Accumulate<TVectors>(xk[5 * step], y0, y1, y2, y3, ref a50, ref a51, ref a52, ref a53);
            }
            if (TRows.Value > 6)
            {
                Accumulate<TVectors>(xk[6 * step], y0, y1, y2, y3, ref a60, ref a61, ref a62, ref a63);
            }
            if (TRows.Value > 7)
            {
                Accumulate<TVectors>(xk[7 * step], y0, y1, y2, y3, ref a70, ref a71, ref a72, ref a73);
            }
            xk += innerStride;
            yk += n;
        }
        StoreRow<TVectors, TPartial>(c, lanes, a00, a01, a02, a03);
        if (TRows.Value > 1)
        {
            StoreRow<TVectors, TPartial>(c + n, lanes, a10, a11, a12, a13);
        }
        if (TRows.Value > 2)
        {
            StoreRow<TVectors, TPartial>(c + 2 * n, lanes, a20, a21, a22, a23);
        }
        if (TRows.Value > 3)
        {
            StoreRow<TVectors, TPartial>(c + 3 * n, lanes, a30, a31, a32, a33);
        }
        if (TRows.Value > 4)
        {
            StoreRow<TVectors, TPartial>(c + 4 * n, lanes, a40, a41, a42, a43);
        }
        if (TRows.Value > 5)
        {
            StoreRow<TVectors, TPartial>(c + 5 * n, lanes, a50, a51, a52, a53);
        }
        if (TRows.Value > 6)
        {
            StoreRow<TVectors, TPartial>(c + 6 * n, lanes, a60, a61, a62, a63);
        }
        if (TRows.Value > 7)
        {
            StoreRow<TVectors, TPartial>(c + 7 * n, lanes, a70, a71, a72, a73);
        }
        if (epilogue.Kind != EpilogueKind.Store)
        {
            Finish(c, n, TRows.Value, TVectors.Value * TV.Width - (TPartial.Value ? TV.Width - lanes : 0), column, epilogue);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV LoadY<TVectors, TPartial>(float* y, int vector, int lanes)
        where TVectors : struct, IConstant where TPartial : struct, IFlag =>
        TPartial.Value && vector == TVectors.Value - 1 ? TV.LoadFirst(y + vector * TV.Width, lanes) : TV.Load(y + vector * TV.Width);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate<TVectors>(float x, TV y0, TV y1, TV y2, TV y3, ref TV a0, ref TV a1, ref TV a2, ref TV a3)
        where TVectors : struct, IConstant
    {
        var s = TV.Broadcast(x);
        a0 = TV.MultiplyAdd(s, y0, a0);
        if (TVectors.Value > 1)
        {
            a1 = TV.MultiplyAdd(s, y1, a1);
        }
        if (TVectors.Value > 2)
        {
            a2 = TV.MultiplyAdd(s, y2, a2);
        }
        if (TVectors.Value > 3)
        {
            a3 = TV.MultiplyAdd(s, y3, a3);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow<TVectors, TPartial>(float* c, int lanes, TV a0, TV a1, TV a2, TV a3)
        where TVectors : struct, IConstant where TPartial : struct, IFlag
    {
        var w = TV.Width;
        Store(a0, c, TPartial.Value && TVectors.Value == 1, lanes);
        if (TVectors.Value > 1)
        {
            Store(a1, c + w, TPartial.Value && TVectors.Value == 2, lanes);
        }
        if (TVectors.Value > 2)
        {
            Store(a2, c + 2 * w, TPartial.Value && TVectors.Value == 3, lanes);
        }
        if (TVectors.Value > 3)
        {
            Store(a3, c + 3 * w, TPartial.Value && TVectors.Value == 4, lanes);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(TV value, float* c, bool partial, int lanes)
    {
        if (partial)
        {
            TV.StoreFirst(value, c, lanes);
        }
        else
        {
            TV.Store(value, c);
        }
    }

    /// <summary>
    /// The epilogue over a tile just stored (still in L1). A separate method, not inlined into the tile: with it
    /// (its branches, or the exponential's call for tanh) inlined, the JIT spills the accumulators inside the loop.
    /// The kind and activation are dispatched once per tile to a loop specialised for them.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Finish(float* c, nint n, int rows, int width, int column, in Epilogue epilogue)
    {
        var bias = epilogue.Bias + column;
        var offset = epilogue.OutputOffset;
        switch (epilogue.Kind, epilogue.Activation)
        {
            case (EpilogueKind.BiasActivation, Activation.Relu):
                FinishWith<BiasThenRelu>(c, n, rows, width, bias, offset);
                break;
            case (EpilogueKind.BiasActivation, Activation.Tanh):
                FinishWith<BiasThenTanh>(c, n, rows, width, bias, offset);
                break;
            case (EpilogueKind.BiasActivation, _):
                FinishWith<BiasOnly>(c, n, rows, width, bias, offset);
                break;
            case (EpilogueKind.TimesDerivative, Activation.Relu):
                FinishWith<TimesReluDerivative>(c, n, rows, width, bias, offset);
                break;
            case (EpilogueKind.TimesDerivative, Activation.Tanh):
                FinishWith<TimesTanhDerivative>(c, n, rows, width, bias, offset);
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FinishWith<TStep>(float* c, nint n, int rows, int width, float* bias, nint outputOffset)
        where TStep : struct, IEpilogueStep
    {
        var full = width - width % TV.Width;
        for (var i = 0; i < rows; i++)
        {
            var row = c + i * n;
            var j = 0;
            for (; j < full; j += TV.Width)
            {
                var operand = TV.Load(TStep.ReadsBias ? bias + j : row + j + outputOffset);
                TV.Store(TStep.Apply(TV.Load(row + j), operand), row + j);
            }
            if (j < width)
            {
                var lanes = width - j;
                var operand = TV.LoadFirst(TStep.ReadsBias ? bias + j : row + j + outputOffset, lanes);
                TV.StoreFirst(TStep.Apply(TV.LoadFirst(row + j, lanes), operand), row + j, lanes);
            }
        }
    }

    /// <summary>One epilogue, applied to a vector of sums with its operand (the bias, or the layer's outputs).</summary>
    private interface IEpilogueStep
    {
        static abstract bool ReadsBias { get; }

        static abstract TV Apply(TV sum, TV operand);
    }

    private readonly struct BiasThenRelu : IEpilogueStep
    {
        public static bool ReadsBias => true;

        public static TV Apply(TV sum, TV operand) => TV.Max(TV.Add(sum, operand), TV.Zero);
    }

    private readonly struct BiasThenTanh : IEpilogueStep
    {
        public static bool ReadsBias => true;

        public static TV Apply(TV sum, TV operand) => Activations<TV>.Apply(TV.Add(sum, operand), Activation.Tanh);
    }

    private readonly struct BiasOnly : IEpilogueStep
    {
        public static bool ReadsBias => true;

        public static TV Apply(TV sum, TV operand) => TV.Add(sum, operand);
    }

    private readonly struct TimesReluDerivative : IEpilogueStep
    {
        public static bool ReadsBias => false;

        public static TV Apply(TV sum, TV operand) => Activations<TV>.TimesDerivative(sum, operand, Activation.Relu);
    }

    private readonly struct TimesTanhDerivative : IEpilogueStep
    {
        public static bool ReadsBias => false;

        public static TV Apply(TV sum, TV operand) => Activations<TV>.TimesDerivative(sum, operand, Activation.Tanh);
    }
}
