using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ActorTune.Model.Training.Mlp.Kernels;

/// <summary>16 floats per register (AVX-512; only chosen where the processor has it).</summary>
internal readonly unsafe struct Simd512 : ISimd<Simd512>
{
    private readonly Vector512<float> _v;

    private Simd512(Vector512<float> v) => _v = v;

    public static int Width => Vector512<float>.Count;

    public static int Registers => 32;

    public static Simd512 Zero => new(Vector512<float>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 Broadcast(float value) => new(Vector512.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 Load(float* source) => new(Vector512.Load(source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Simd512 value, float* destination) => value._v.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 LoadFirst(float* source, int count) => new(Avx512F.MaskLoad(source, FirstLanes(count), Vector512<float>.Zero));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreFirst(Simd512 value, float* destination, int count) => Avx512F.MaskStore(destination, FirstLanes(count), value._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 MultiplyAdd(Simd512 a, Simd512 b, Simd512 c) => new(Vector512.FusedMultiplyAdd(a._v, b._v, c._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 Add(Simd512 a, Simd512 b) => new(a._v + b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 Subtract(Simd512 a, Simd512 b) => new(a._v - b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 Multiply(Simd512 a, Simd512 b) => new(a._v * b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 Divide(Simd512 a, Simd512 b) => new(a._v / b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 Sqrt(Simd512 a) => new(Vector512.Sqrt(a._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 Max(Simd512 a, Simd512 b) => new(Vector512.Max(a._v, b._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 Min(Simd512 a, Simd512 b) => new(Vector512.Min(a._v, b._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 Round(Simd512 a) => new(Vector512.Round(a._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 PowerOfTwo(Simd512 n) =>
        new(Vector512.ShiftLeft(Vector512.ConvertToInt32(n._v) + Vector512.Create(127), 23).AsSingle());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 WhereLess(Simd512 a, Simd512 b, Simd512 whenLess, Simd512 otherwise) =>
        new(Vector512.ConditionalSelect(Vector512.LessThan(a._v, b._v), whenLess._v, otherwise._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 WherePositive(Simd512 gate, Simd512 values) =>
        new(Vector512.ConditionalSelect(Vector512.GreaterThan(gate._v, Vector512<float>.Zero), values._v, Vector512<float>.Zero));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512 KeepFirst(Simd512 value, int count, float filler) =>
        new(Vector512.ConditionalSelect(FirstLanes(count), value._v, Vector512.Create(filler)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float HorizontalSum(Simd512 a) => Vector512.Sum(a._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float HorizontalMax(Simd512 a)
    {
        var half = Vector256.Max(a._v.GetLower(), a._v.GetUpper());
        var quarter = Vector128.Max(half.GetLower(), half.GetUpper());
        quarter = Vector128.Max(quarter, Vector128.Shuffle(quarter, Vector128.Create(2, 3, 0, 1)));
        quarter = Vector128.Max(quarter, Vector128.Shuffle(quarter, Vector128.Create(1, 0, 3, 2)));
        return quarter.ToScalar();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int FirstIndexOf(Simd512 a, float value) => Vector512.IndexOf(a._v, value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Lane(Simd512 a, int index) => a._v.GetElement(index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> FirstLanes(int count) =>
        Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(count)).AsSingle();
}
