using System.Collections.Immutable;
using ActorTune.Actors.Persistence;
using ActorTune.Model.Space;
using ActorTune.Model.Sweep;
using Akka.Configuration;

namespace ActorTune.Actors.Tests;

/// <summary>Synthetic and small MLP sweeps and throw-away SQLite databases for actor tests.</summary>
internal static class TestSweeps
{
    public static string TempDatabase()
    {
        var directory = Path.Combine(Path.GetTempPath(), "actortune-tests");
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, $"{Guid.NewGuid():N}.db");
    }

    public static Config Config(string database, string? extraHocon = null)
    {
        var location = DatabaseLocation.Parse(database);
        location.Prepare();
        // The test kit's limits (ExpectMsg, AwaitCondition) scale with the machine like every other test's.
        return ConfigurationFactory.ParseString(FormattableString.Invariant($"akka.test.timefactor = {ActorTune.Tests.Shared.TestTime.Factor}"))
            .WithFallback(ActorTuneConfig.Build(location, trialThreads: 2, extraHocon));
    }

    public static string RepositoryRoot
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "ActorTune.sln")))
                {
                    return directory.FullName;
                }
            }
            throw new InvalidOperationException("ActorTune.sln not found above the test directory");
        }
    }

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

    /// <summary>Small MLPs on the shipped digits: real weights and optimizer state in every checkpoint.</summary>
    public static SweepSpec Digits(string name, int trials, int epochs) => new(
        name, 5, new DataSpec(Path.Combine(RepositoryRoot, "data", "digits.csv.gz"), 0.2),
        ComponentSpec.Named("mlp"), "val_accuracy", Goal.Max, epochs, trials, 2,
        ComponentSpec.Named("random"), ComponentSpec.Named("none"),
        new SearchSpace([
            new RangeParameter("learning-rate", Scale.Log, 1e-3, 1e-2),
            new FixedParameter("hidden-units", ParamValue.Of(24)),
            new FixedParameter("batch-size", ParamValue.Of(16)),
        ]));
}
