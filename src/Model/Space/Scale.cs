namespace ActorTune.Model.Space;

/// <summary>How a numeric range is sampled: uniformly on the scale's own axis, not on the raw value.</summary>
public enum Scale
{
    /// <summary>Uniform in [min, max].</summary>
    Linear,
    /// <summary>Uniform in [log min, log max]: every decade gets the same share (learning rates).</summary>
    Log,
    /// <summary>1-x is log-uniform: [0.9, 0.999] spends as much on [0.99, 0.999] as on [0.9, 0.99] (averaging betas).</summary>
    OneMinusLog,
    /// <summary>Every integer in [min, max] equally likely.</summary>
    Int,
    /// <summary>Integers, log-uniform: as many draws in [16, 32] as in [128, 256].</summary>
    IntLog,
}

public static class ScaleNames
{
    public static string ToName(this Scale scale) => scale switch
    {
        Scale.Linear => "linear",
        Scale.Log => "log",
        Scale.OneMinusLog => "one-minus-log",
        Scale.Int => "int",
        Scale.IntLog => "int-log",
        _ => throw new ArgumentOutOfRangeException(nameof(scale)),
    };

    public static bool TryParse(string name, out Scale scale)
    {
        foreach (var candidate in Enum.GetValues<Scale>())
        {
            if (string.Equals(candidate.ToName(), name, StringComparison.OrdinalIgnoreCase))
            {
                scale = candidate;
                return true;
            }
        }
        scale = default;
        return false;
    }

    public static string AllNames => string.Join(", ", Enum.GetValues<Scale>().Select(s => s.ToName()));

    public static bool IsInteger(this Scale scale) => scale is Scale.Int or Scale.IntLog;
}
