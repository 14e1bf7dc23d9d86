namespace ActorTune.Model.Training.Mlp.Kernels;

/// <summary>
/// The vector operations the kernels need, over one register width. The kernels are written once, generic over
/// this, and the JIT specialises them for <see cref="Simd512"/> and <see cref="Simd256"/> (value types), so each
/// width gets its own straight-line code with no virtual calls. Memory is addressed through pointers because the
/// kernels pin their operands once per call; the masked forms serve the last, partial vector of a row so that no
/// product needs a scalar tail loop and nothing reads or writes past a row's end.
/// </summary>
internal unsafe interface ISimd<TSelf> where TSelf : struct, ISimd<TSelf>
{
    static abstract int Width { get; }

    /// <summary>How many vector registers the JIT can use at this width (sizes the product's register tiles).</summary>
    static abstract int Registers { get; }

    static abstract TSelf Zero { get; }

    static abstract TSelf Broadcast(float value);

    static abstract TSelf Load(float* source);

    static abstract void Store(TSelf value, float* destination);

    /// <summary>The first <paramref name="count"/> lanes from memory, the rest zero; reads nothing beyond them.</summary>
    static abstract TSelf LoadFirst(float* source, int count);

    /// <summary>Writes the first <paramref name="count"/> lanes; touches nothing beyond them.</summary>
    static abstract void StoreFirst(TSelf value, float* destination, int count);

    /// <summary>a·b + c in one rounding.</summary>
    static abstract TSelf MultiplyAdd(TSelf a, TSelf b, TSelf c);

    static abstract TSelf Add(TSelf a, TSelf b);

    static abstract TSelf Subtract(TSelf a, TSelf b);

    static abstract TSelf Multiply(TSelf a, TSelf b);

    static abstract TSelf Divide(TSelf a, TSelf b);

    static abstract TSelf Sqrt(TSelf a);

    static abstract TSelf Max(TSelf a, TSelf b);

    static abstract TSelf Min(TSelf a, TSelf b);

    /// <summary>Rounded to the nearest integer (ties to even).</summary>
    static abstract TSelf Round(TSelf a);

    /// <summary>2ⁿ for integer-valued lanes n in [−126, 127], built from the exponent bits.</summary>
    static abstract TSelf PowerOfTwo(TSelf n);

    /// <summary>Lanes of <paramref name="whenLess"/> where a &lt; b, else of <paramref name="otherwise"/>.</summary>
    static abstract TSelf WhereLess(TSelf a, TSelf b, TSelf whenLess, TSelf otherwise);

    /// <summary>values where gate &gt; 0, else 0 (the ReLU derivative applied).</summary>
    static abstract TSelf WherePositive(TSelf gate, TSelf values);

    /// <summary>The first <paramref name="count"/> lanes kept, the rest replaced by <paramref name="filler"/>.</summary>
    static abstract TSelf KeepFirst(TSelf value, int count, float filler);

    static abstract float HorizontalSum(TSelf a);

    static abstract float HorizontalMax(TSelf a);

    /// <summary>The lowest lane holding <paramref name="value"/>, or -1.</summary>
    static abstract int FirstIndexOf(TSelf a, float value);

    static abstract float Lane(TSelf a, int index);
}
