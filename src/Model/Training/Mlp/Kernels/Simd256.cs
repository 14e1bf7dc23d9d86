using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ActorTune.Model.Training.Mlp.Kernels;

/// <summary>8 floats per register (AVX2; emulated where the processor lacks it).</summary>
internal readonly unsafe struct Simd256 : ISimd<Simd256>
{
    private readonly Vector256<float> _v;

    private Simd256(Vector256<float> v) => _v = v;

    public static int Width => Vector256<float>.Count;

    /// <summary>ymm16–31 exist only with AVX-512 (EVEX encoding); plain AVX2 has 16.</summary>
    public static int Registers => Avx512F.VL.IsSupported ? 32 : 16;

    public static Simd256 Zero => new(Vector256<float>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 Broadcast(float value) => new(Vector256.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 Load(float* source) => new(Vector256.Load(source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Simd256 value, float* destination) => value._v.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 LoadFirst(float* source, int count)
    {
        if (Avx.IsSupported)
        {
            return new(Avx.MaskLoad(source, FirstLanes(count)));
        }
        var lanes = Vector256<float>.Zero;
        for (var i = 0; i < count; i++)
        {
            lanes = lanes.WithElement(i, source[i]);
        }
        return new(lanes);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreFirst(Simd256 value, float* destination, int count)
    {
        if (Avx.IsSupported)
        {
            Avx.MaskStore(destination, FirstLanes(count), value._v);
            return;
        }
        for (var i = 0; i < count; i++)
        {
            destination[i] = value._v.GetElement(i);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 MultiplyAdd(Simd256 a, Simd256 b, Simd256 c) => new(Vector256.FusedMultiplyAdd(a._v, b._v, c._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 Add(Simd256 a, Simd256 b) => new(a._v + b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 Subtract(Simd256 a, Simd256 b) => new(a._v - b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 Multiply(Simd256 a, Simd256 b) => new(a._v * b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 Divide(Simd256 a, Simd256 b) => new(a._v / b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 Sqrt(Simd256 a) => new(Vector256.Sqrt(a._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 Max(Simd256 a, Simd256 b) => new(Vector256.Max(a._v, b._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 Min(Simd256 a, Simd256 b) => new(Vector256.Min(a._v, b._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 Round(Simd256 a) => new(Vector256.Round(a._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 PowerOfTwo(Simd256 n) =>
        new(Vector256.ShiftLeft(Vector256.ConvertToInt32(n._v) + Vector256.Create(127), 23).AsSingle());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 WhereLess(Simd256 a, Simd256 b, Simd256 whenLess, Simd256 otherwise) =>
        new(Vector256.ConditionalSelect(Vector256.LessThan(a._v, b._v), whenLess._v, otherwise._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 WherePositive(Simd256 gate, Simd256 values) =>
        new(Vector256.ConditionalSelect(Vector256.GreaterThan(gate._v, Vector256<float>.Zero), values._v, Vector256<float>.Zero));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd256 KeepFirst(Simd256 value, int count, float filler) =>
        new(Vector256.ConditionalSelect(FirstLanes(count), value._v, Vector256.Create(filler)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float HorizontalSum(Simd256 a) => Vector256.Sum(a._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float HorizontalMax(Simd256 a)
    {
        var half = Vector128.Max(a._v.GetLower(), a._v.GetUpper());
        half = Vector128.Max(half, Vector128.Shuffle(half, Vector128.Create(2, 3, 0, 1)));
        half = Vector128.Max(half, Vector128.Shuffle(half, Vector128.Create(1, 0, 3, 2)));
        return half.ToScalar();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int FirstIndexOf(Simd256 a, float value) => Vector256.IndexOf(a._v, value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Lane(Simd256 a, int index) => a._v.GetElement(index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> FirstLanes(int count) =>
        Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(count)).AsSingle();
}
