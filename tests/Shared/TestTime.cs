using System.Globalization;

namespace ActorTune.Tests.Shared;

/// <summary>
/// Time limits that scale with the machine: every limit a test waits under is multiplied by ACTORTUNE_TEST_TIME_FACTOR
/// (default 3). A limit only bounds a wait for a condition, so a passing test takes no longer for it; a generous default
/// keeps a test from failing because a shared, loaded machine ran it slowly. A quiet developer machine can set 1 to see
/// a hang sooner; a slow CI runner can raise it.
/// </summary>
public static class TestTime
{
    public const string Variable = "ACTORTUNE_TEST_TIME_FACTOR";

    public static double Factor { get; } =
        double.TryParse(Environment.GetEnvironmentVariable(Variable), NumberStyles.Float, CultureInfo.InvariantCulture, out var factor) && factor >= 1
            ? factor
            : 3;

    /// <summary><paramref name="limit"/>, as meant on a quiet machine, times <see cref="Factor"/>.</summary>
    public static TimeSpan Scaled(TimeSpan limit) => limit * Factor;
}
