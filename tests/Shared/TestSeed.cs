namespace ActorTune.Tests.Shared;

/// <summary>
/// Seeds for tests whose random choices should vary from run to run (kill moments, say) yet be repeatable: the
/// seed comes from ACTORTUNE_TEST_SEED when set, else from the clock, and the test prints it so a failure can be
/// replayed with the same choices.
/// </summary>
public static class TestSeed
{
    public const string Variable = "ACTORTUNE_TEST_SEED";

    public static int Next() =>
        int.TryParse(Environment.GetEnvironmentVariable(Variable), out var seed) ? seed : Environment.TickCount & int.MaxValue;

    public static string Describe(int seed) => $"random choices seeded with {seed} (replay: {Variable}={seed})";
}
