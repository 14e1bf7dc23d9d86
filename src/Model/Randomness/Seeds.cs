namespace ActorTune.Model.Randomness;

/// <summary>
/// Derives independent seeds from the sweep seed, so a trial's numbers depend only on (sweep seed, trial id,
/// purpose) — never on which trial ran first or on how often the sweep was resumed.
/// </summary>
public static class Seeds
{
    /// <summary>A 31-bit seed for <see cref="Random"/>, mixed with SplitMix64 from the parts given.</summary>
    public static int Derive(long seed, params ReadOnlySpan<long> parts)
    {
        var state = unchecked((ulong)seed);
        foreach (var part in parts)
        {
            state = Mix(state ^ Mix(unchecked((ulong)part) + 0x9E3779B97F4A7C15UL));
        }
        return (int)(Mix(state) >> 33);
    }

    /// <summary>A stable number for a purpose name, to keep streams for different jobs apart.</summary>
    public static long Purpose(string name)
    {
        ulong hash = 1469598103934665603UL;
        foreach (var c in name)
        {
            hash = unchecked((hash ^ c) * 1099511628211UL);
        }
        return unchecked((long)hash);
    }

    private static ulong Mix(ulong z)
    {
        unchecked
        {
            z += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
