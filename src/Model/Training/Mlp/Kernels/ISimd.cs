namespace ActorTune.Model.Training.Mlp.Kernels;

/// <summary>
/// The vector operations the kernels need, over one register width. The kernels are written once, generic over
/// this, and the JIT specialises them for <see cref="Simd512"/> and <see cref="Simd256"/> (value types), so each
/// width gets its own straight-line code with no virtual calls.
/// </summary>
internal interface ISimd<TSelf> where TSelf : struct, ISimd<TSelf>
{
    static abstract int Width { get; }

    static abstract TSelf Zero { get; }

    static abstract TSelf Broadcast(float value);

    static abstract TSelf Load(ref float source, nint offset);

    static abstract void Store(TSelf value, ref float destination, nint offset);

    /// <summary>a·b + c in one rounding.</summary>
    static abstract TSelf MultiplyAdd(TSelf a, TSelf b, TSelf c);

    static abstract TSelf Add(TSelf a, TSelf b);

    static abstract TSelf Subtract(TSelf a, TSelf b);

    static abstract TSelf Multiply(TSelf a, TSelf b);

    static abstract TSelf Divide(TSelf a, TSelf b);

    static abstract TSelf Sqrt(TSelf a);

    static abstract TSelf Max(TSelf a, TSelf b);

    /// <summary>values where gate &gt; 0, else 0 (the ReLU derivative applied).</summary>
    static abstract TSelf WherePositive(TSelf gate, TSelf values);
}
