using System.Runtime.CompilerServices;

namespace ActorTune.Model.Training.Mlp.Kernels;

/// <summary>
/// eˣ on whole vectors, for softmax and tanh: x = n·ln 2 + r with |r| ≤ ln 2 / 2, e^r by Cephes' degree-6
/// polynomial (about 1 ulp), times 2ⁿ built from the exponent bits. Ours rather than the runtime's Vector512.Exp:
/// that one is not inlined, so outside tier-1 it runs unoptimised for the first many calls of every process, and
/// its results may change with the runtime's version, where a resumed trial must repeat the same arithmetic.
/// </summary>
internal static class Exponential<TV> where TV : struct, ISimd<TV>
{
    // Below this e^x is under the smallest normal float: the result is 0 (as e^−∞ must be for masked lanes).
    private const float Lowest = -87.33654f;
    // Above this e^x is beyond float; clamped there, 2ⁿ stays finite and the result is about float.MaxValue, not +∞
    // (softmax never comes near: its exponents are ≤ 0).
    private const float Highest = 88.37626f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Exp(TV x)
    {
        var clamped = TV.Min(TV.Max(x, TV.Broadcast(Lowest)), TV.Broadcast(Highest));
        var n = TV.Round(TV.Multiply(clamped, TV.Broadcast(1.44269504088896341f)));
        // ln 2 in two parts, the first exact in few bits, so n·ln2Hi has no rounding error.
        var r = TV.MultiplyAdd(n, TV.Broadcast(-0.693359375f), clamped);
        r = TV.MultiplyAdd(n, TV.Broadcast(2.12194440e-4f), r);
        var p = TV.Broadcast(1.9875691500e-4f);
        p = TV.MultiplyAdd(p, r, TV.Broadcast(1.3981999507e-3f));
        p = TV.MultiplyAdd(p, r, TV.Broadcast(8.3334519073e-3f));
        p = TV.MultiplyAdd(p, r, TV.Broadcast(4.1665795894e-2f));
        p = TV.MultiplyAdd(p, r, TV.Broadcast(1.6666665459e-1f));
        p = TV.MultiplyAdd(p, r, TV.Broadcast(5.0000001201e-1f));
        var er = TV.Add(TV.MultiplyAdd(p, TV.Multiply(r, r), r), TV.Broadcast(1f));
        return TV.WhereLess(x, TV.Broadcast(Lowest), TV.Zero, TV.Multiply(er, TV.PowerOfTwo(n)));
    }
}
