using System.Numerics;

namespace ActorTune.Model.Strategies;

/// <summary>
/// A scrambled Sobol sequence in the unit cube: point i of n fills the cube far more evenly than n independent
/// draws, so every parameter sees n well-spread values and every pair of parameters a well-spread plane.
/// Scrambling (Matoušek's random linear matrix scramble plus a random digital shift, as SciPy does) keeps those
/// net properties while making the points a seeded random sample: no point sits on the corner 0, and two seeds
/// give two independent low-discrepancy designs.
/// </summary>
public sealed class SobolSequence
{
    /// <summary>Dimension 1 is van der Corput's sequence; dimensions 2-21 use the table below.</summary>
    public const int MaxDimensions = 21;

    private const int Bits = 32;

    // Direction numbers of S. Joe and F. Y. Kuo, "Constructing Sobol sequences with better two-dimensional
    // projections", SIAM J. Sci. Comput. 30 (2008), file new-joe-kuo-6.21201, dimensions 2-21: the degree s of
    // the primitive polynomial, its inner coefficients a (bit k-1 is the coefficient of x^(s-k)) and the initial
    // numbers m_1..m_s. These published constants are what make the two-dimensional projections good.
    internal static readonly (int Degree, int Coefficients, int[] Initial)[] JoeKuo =
    [
        (1, 0, [1]),
        (2, 1, [1, 3]),
        (3, 1, [1, 3, 1]),
        (3, 2, [1, 1, 1]),
        (4, 1, [1, 1, 3, 3]),
        (4, 4, [1, 3, 5, 13]),
        (5, 2, [1, 1, 5, 5, 17]),
        (5, 4, [1, 1, 5, 5, 5]),
        (5, 7, [1, 1, 7, 11, 19]),
        (5, 11, [1, 1, 5, 1, 1]),
        (5, 13, [1, 1, 1, 3, 11]),
        (5, 14, [1, 3, 5, 5, 31]),
        (6, 1, [1, 3, 3, 9, 7, 49]),
        (6, 13, [1, 1, 1, 15, 21, 21]),
        (6, 16, [1, 3, 1, 13, 27, 49]),
        (6, 19, [1, 1, 1, 15, 7, 5]),
        (6, 22, [1, 3, 1, 15, 13, 25]),
        (6, 25, [1, 1, 5, 5, 19, 61]),
        (7, 1, [1, 3, 7, 11, 23, 15, 103]),
        (7, 4, [1, 3, 7, 13, 13, 15, 69]),
    ];

    private readonly uint[][] _directions;
    private readonly uint[] _shift;

    /// <param name="scrambleSeed">Null gives the plain (unscrambled) sequence, which starts at the origin.</param>
    public SobolSequence(int dimensions, int? scrambleSeed)
    {
        if (dimensions < 1 || dimensions > MaxDimensions)
        {
            throw new ArgumentOutOfRangeException(nameof(dimensions), dimensions, $"a Sobol sequence here has 1 to {MaxDimensions} dimensions");
        }
        Dimensions = dimensions;
        _directions = Enumerable.Range(0, dimensions).Select(Directions).ToArray();
        _shift = new uint[dimensions];
        if (scrambleSeed is { } seed)
        {
            var random = new Random(seed);
            for (var d = 0; d < dimensions; d++)
            {
                _directions[d] = Scramble(_directions[d], random);
                _shift[d] = RandomBits(random);
            }
        }
    }

    public int Dimensions { get; }

    /// <summary>Point <paramref name="index"/> (0-based), each coordinate in [0, 1).</summary>
    public double[] Point(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        // Gray-code order (Antonov and Saleev): the first 2^k points are the same set as in natural order.
        var gray = (uint)(index ^ (index >> 1));
        var point = new double[Dimensions];
        for (var d = 0; d < Dimensions; d++)
        {
            var x = _shift[d];
            for (int bit = 0, rest = (int)gray; rest != 0; bit++, rest >>= 1)
            {
                if ((rest & 1) != 0)
                {
                    x ^= _directions[d][bit];
                }
            }
            point[d] = x / 4294967296.0;
        }
        return point;
    }

    /// <summary>v_1..v_32 of one dimension, v_j = m_j / 2^j as a 32-bit binary fraction.</summary>
    private static uint[] Directions(int dimension)
    {
        var v = new uint[Bits];
        if (dimension == 0)
        {
            for (var j = 0; j < Bits; j++)
            {
                v[j] = 1u << (Bits - 1 - j);
            }
            return v;
        }
        var (degree, coefficients, initial) = JoeKuo[dimension - 1];
        for (var j = 0; j < Bits; j++)
        {
            if (j < degree)
            {
                v[j] = (uint)initial[j] << (Bits - 1 - j);
                continue;
            }
            // Bratley and Fox's recurrence for the primitive polynomial x^s + a_1 x^(s-1) + ... + a_(s-1) x + 1.
            var next = v[j - degree] ^ (v[j - degree] >> degree);
            for (var k = 1; k < degree; k++)
            {
                if (((coefficients >> (degree - 1 - k)) & 1) != 0)
                {
                    next ^= v[j - k];
                }
            }
            v[j] = next;
        }
        return v;
    }

    /// <summary>
    /// Multiplies every direction number by one random lower-triangular binary matrix with a unit diagonal: output
    /// digit k mixes input digits 1..k, so the scramble permutes points within each elementary interval and the
    /// sequence stays a (t, s)-sequence.
    /// </summary>
    private static uint[] Scramble(uint[] directions, Random random)
    {
        var rows = new uint[Bits];
        for (var k = 0; k < Bits; k++)
        {
            var above = k == 0 ? 0u : uint.MaxValue << (Bits - k);
            rows[k] = (RandomBits(random) & above) | (1u << (Bits - 1 - k));
        }
        return directions.Select(v =>
        {
            var scrambled = 0u;
            for (var k = 0; k < Bits; k++)
            {
                scrambled |= (uint)(BitOperations.PopCount(rows[k] & v) & 1) << (Bits - 1 - k);
            }
            return scrambled;
        }).ToArray();
    }

    private static uint RandomBits(Random random) => (uint)random.NextInt64(0, 1L << 32);
}
