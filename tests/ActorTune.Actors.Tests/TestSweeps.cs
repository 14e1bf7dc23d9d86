using System.Collections.Immutable;
using ActorTune.Actors.Persistence;
using ActorTune.Model.Space;
using ActorTune.Model.Sweep;
using Akka.Configuration;

namespace ActorTune.Actors.Tests;

/// <summary>Synthetic sweeps and throw-away SQLite databases for actor tests.</summary>
internal static class TestSweeps
{
    public static string TempDatabase()
    {
        var directory = Path.Combine(Path.GetTempPath(), "actortune-tests");
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, $"{Guid.NewGuid():N}.db");
    }

    public static Config Config(string database) => ActorTuneConfig.Build(DatabaseLocation.Parse(database), trialThreads: 2);

    public static SweepSpec Synthetic(string name, int trials = 8, int epochs = 5, int concurrency = 2, params ParameterSpec[] extra) => new(
        name, 3, null,
        new ComponentSpec("synthetic", ImmutableSortedDictionary<string, string>.Empty
            .Add("epoch-seconds", "0.005")
            .Add("diverge-above", "0.5")),
        "val_accuracy", Goal.Max, epochs, trials, concurrency,
        ComponentSpec.Named("random"), ComponentSpec.Named("none"),
        new SearchSpace([
            new RangeParameter("learning-rate", Scale.Log, 1e-4, 0.1),
            new RangeParameter("hidden-units", Scale.Int, 16, 64),
            .. extra,
        ]));
}
