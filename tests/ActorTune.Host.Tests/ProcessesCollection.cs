namespace ActorTune.Host.Tests;

/// <summary>
/// The serial lane of the tests that start actortune processes without PostgreSQL (those with it share the
/// <c>postgres</c> collection, the other lane). A collection runs its tests one after another, so at most one
/// process-spawning test per lane runs at once, however many threads xunit is given: more, on two cores, would starve
/// each other's clusters of heartbeats and fail on a busy machine.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ProcessesCollection
{
    public const string Name = "processes";
}
