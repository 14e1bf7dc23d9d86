using System.Collections.Immutable;
using ActorTune.Actors.Sweeps;
using ActorTune.Model.Events;
using ActorTune.Model.Space;
using ActorTune.Model.State;
using ActorTune.Model.Sweep;
using Akka;
using Akka.Actor;
using Akka.TestKit.Xunit2;

namespace ActorTune.Actors.Tests;

/// <summary>
/// A database written by ActorTune's first event format (Golden/sweep-v1.db, committed) must stay readable:
/// every event type, and a snapshot, under their v1 manifests. To rewrite the file after an intended format
/// change (with a new manifest version and a reader for v1 kept), run this test with ACTORTUNE_WRITE_GOLDEN
/// set to the path to write.
/// </summary>
public sealed class GoldenDatabaseTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private static string GoldenPath => Path.Combine(TestSweeps.RepositoryRoot, "tests", "ActorTune.Actors.Tests", "Golden", "sweep-v1.db");

    [Fact]
    public async Task A_database_written_by_the_first_event_format_reads_back_whole()
    {
        if (Environment.GetEnvironmentVariable("ACTORTUNE_WRITE_GOLDEN") is { Length: > 0 } target)
        {
            await WriteAsync(target);
        }
        var copy = TestSweeps.TempDatabase();
        File.Copy(GoldenPath, copy);
        var kit = new TestKit(TestSweeps.Config(copy));
        try
        {
            var state = await new SweepStore(kit.Sys).LoadAsync("golden");
            var spec = state.RequireSpec();
            Assert.Equal("golden", spec.Name);
            Assert.Equal(Goal.Max, spec.Goal);
            Assert.Equal(new RangeParameter("learning-rate", Scale.Log, 1e-4, 1), spec.Space.Parameters[0]);
            Assert.Equal(new ChoiceParameter("optimizer", [ParamValue.Of("adam"), ParamValue.Of("sgd")]), spec.Space.Parameters[1]);
            Assert.Equal(SweepStatus.Completed, state.Status);
            Assert.Equal(Events().Count, state.EventCount);
            Assert.Equal([TrialStatus.Completed, TrialStatus.Diverged], state.Trials.Select(t => t.Status));
            // The snapshot predates the kept indexes (counters, best values): recovery rebuilds them.
            Assert.Equal(2, state.Finished);
            Assert.Equal(0, state.Running);
            Assert.Equal(1, state.Best()?.Id);
            Assert.Equal(0.93, state.Trial(1).BestValue);
            var first = state.Trial(1);
            Assert.Equal(0.003, first.Config["learning-rate"].Number);
            Assert.Equal("adam", first.Config["optimizer"].Text);
            Assert.Equal(2, first.Attempt);
            Assert.Equal(1, first.ResumedFrom);
            Assert.Equal([1, 2], first.Epochs.Select(e => e.Epoch));
            Assert.Equal(0.93, first.Epochs[1].Metric("val_accuracy"));
            Assert.Equal("127.0.0.1:4053", first.Node);
            Assert.True(double.IsNaN(state.Trial(2).Epochs[0].Metric("val_loss")!.Value));
            Assert.Equal("non-finite loss at epoch 1", state.Trial(2).Reason);
            Assert.Equal(new SearchRegion(1, [new ParameterRegion("learning-rate", 1e-4, 1, null),
                new ParameterRegion("optimizer", null, null, [ParamValue.Of("adam"), ParamValue.Of("sgd")])]), state.Regions.Single());
        }
        finally
        {
            kit.Shutdown();
        }
    }

    private static SweepSpec Spec() => new(
        "golden", 42, null, new ComponentSpec("synthetic", ImmutableSortedDictionary<string, string>.Empty.Add("noise", "0.01")),
        "val_accuracy", Goal.Max, 2, 2, 2, ComponentSpec.Named("random"), ComponentSpec.Named("none"),
        new SearchSpace([
            new RangeParameter("learning-rate", Scale.Log, 1e-4, 1),
            new ChoiceParameter("optimizer", [ParamValue.Of("adam"), ParamValue.Of("sgd")]),
        ]));

    private static ImmutableSortedDictionary<string, double> Metrics(double accuracy, double loss) =>
        ImmutableSortedDictionary<string, double>.Empty.Add("val_accuracy", accuracy).Add("val_loss", loss);

    /// <summary>Every event type, with a restart (attempt 2 from epoch 1) and a diverged trial.</summary>
    private static IReadOnlyList<SweepEvent> Events() =>
    [
        new SweepDefined(Spec(), "sweep { name = golden }", At),
        new RegionNarrowed(new SearchRegion(1, [new ParameterRegion("learning-rate", 1e-4, 1, null),
            new ParameterRegion("optimizer", null, null, [ParamValue.Of("adam"), ParamValue.Of("sgd")])])),
        new TrialProposed(1, new TrialConfig([new("learning-rate", ParamValue.Of(0.003)), new("optimizer", ParamValue.Of("adam"))]), 1),
        new TrialStarted(1, 1, "127.0.0.1:4053", 0, At),
        new EpochReported(1, 1, 1, Metrics(0.9, 0.4), 0.5),
        new TrialStarted(1, 2, "127.0.0.1:4053", 1, At),
        new EpochReported(1, 2, 2, Metrics(0.93, 0.3), 0.5),
        new TrialEnded(1, 2, TrialStatus.Completed, null, At),
        new TrialProposed(2, new TrialConfig([new("learning-rate", ParamValue.Of(0.9)), new("optimizer", ParamValue.Of("sgd"))]), 1),
        new TrialStarted(2, 1, "127.0.0.1:4054", 0, At),
        new EpochReported(2, 1, 1, Metrics(0.1, double.NaN), 0.5),
        new TrialEnded(2, 1, TrialStatus.Diverged, "non-finite loss at epoch 1", At),
        new SweepCompleted(At),
    ];

    /// <summary>Writes the events through Akka.Persistence with a snapshot half-way, as a running sweep would.</summary>
    private static async Task WriteAsync(string path)
    {
        File.Delete(path);
        var kit = new TestKit(TestSweeps.Config(path));
        try
        {
            var writer = kit.Sys.ActorOf(SweepLogWriter.Props("golden"));
            var events = Events();
            var state = events.Take(7).Aggregate(SweepState.Empty, (s, e) => s.Apply(e));
            await writer.Ask<Done>(events.Take(7).ToArray(), ActorTune.Tests.Shared.TestTime.Scaled(TimeSpan.FromSeconds(10)));
            await writer.Ask<Done>(state, ActorTune.Tests.Shared.TestTime.Scaled(TimeSpan.FromSeconds(10)));
            await writer.Ask<Done>(events.Skip(7).ToArray(), ActorTune.Tests.Shared.TestTime.Scaled(TimeSpan.FromSeconds(10)));
        }
        finally
        {
            kit.Shutdown();
        }
        // One self-contained file: fold the write-ahead log in and leave WAL mode.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;";
        command.ExecuteNonQuery();
    }
}
