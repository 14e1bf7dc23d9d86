using System.Collections.Immutable;
using System.Text.Json;
using ActorTune.Actors.Persistence;
using ActorTune.Actors.Storage;
using ActorTune.Actors.Sweeps;
using ActorTune.Model.Analysis;
using ActorTune.Model.Events;
using ActorTune.Model.Space;
using ActorTune.Model.State;
using Akka;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace ActorTune.Actors.Tests;

/// <summary>
/// The state projection (<see cref="SweepStates"/>, <c>actortune_sweep_states</c>) reads the same state as a recovery
/// through the actor system (snapshot, then events), catches up a stored state its log has moved past, rebuilds one
/// that is damaged or of another format, and reads a database it cannot write.
/// </summary>
public sealed class SweepStateProjectionTests : IDisposable
{
    private const string Name = "projected";
    private readonly ITestOutputHelper _output;
    private static readonly DateTimeOffset At = new(2026, 12, 2, 9, 30, 0, TimeSpan.FromHours(1));
    private readonly string _path;
    private readonly TestKit _kit;

    public SweepStateProjectionTests(ITestOutputHelper output)
    {
        _output = output;
        _path = TestSweeps.TempDatabase();
        _kit = new TestKit(TestSweeps.Config(_path));
    }

    public void Dispose()
    {
        _kit.Shutdown();
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }

    private DatabaseLocation Database => DatabaseLocation.Parse(_path);

    private static ImmutableSortedDictionary<string, double> Metrics(double accuracy, double loss) =>
        ImmutableSortedDictionary<string, double>.Empty.Add("val_accuracy", accuracy).Add("val_loss", loss);

    private static TrialConfig Config(double lr, int units) =>
        new([new("learning-rate", ParamValue.Of(lr)), new("hidden-units", ParamValue.Of(units))]);

    /// <summary>Every kind of event a state keeps: restarts, a NaN, a PBT exploit, a babysitter, declared parameters, a pause, a time budget.</summary>
    private static IReadOnlyList<SweepEvent> FirstEvents() =>
    [
        new SweepDefined(TestSweeps.Synthetic(Name, trials: 4, epochs: 3), "sweep { name = projected }", At),
        new RegionNarrowed(new SearchRegion(1, [new ParameterRegion("learning-rate", 1e-4, 0.1, null)])),
        new TrialProposed(1, Config(0.003, 32), 1),
        new TrialStarted(1, 1, "127.0.0.1:4053", 0, At),
        new EpochReported(1, 1, 1, Metrics(0.9, 0.4), 0.25),
        new TrialStarted(1, 2, "127.0.0.1:4054", 1, At.AddSeconds(3)),
        new EpochReported(1, 2, 2, Metrics(0.93, 0.3), 0.5),
        new TrialProposed(2, Config(0.09, 60), 1),
        new TrialStarted(2, 1, "127.0.0.1:4053", 0, At),
        new EpochReported(2, 1, 1, Metrics(0.1, double.NaN), 0.125),
        new TrialEnded(2, 1, TrialStatus.Diverged, "non-finite loss at epoch 1", At.AddSeconds(5)),
        new ParametersDeclared(1, [new ChoiceParameter("optimizer", [ParamValue.Of("adam"), ParamValue.Of("sgd")])],
            new TrialConfig([new("optimizer", ParamValue.Of("adam"))])),
        new TrialConfigChanged(1, 2, 1, 2, Config(0.001, 32), "set learning-rate=0.001"),
        new TrialIntervened(1, 2, "set", "learning-rate=0.001", At.AddSeconds(6)),
        new SweepPaused("test", At.AddSeconds(7)),
        new SweepContinued("test", At.AddSeconds(8)),
        new SweepTimeUsed(8.5, At.AddSeconds(9)),
    ];

    private static IReadOnlyList<SweepEvent> LaterEvents() =>
    [
        new EpochReported(1, 2, 3, Metrics(0.95, 0.2), 0.5),
        new TrialEnded(1, 2, TrialStatus.Completed, null, At.AddSeconds(10)),
        new TrialProposed(3, Config(0.0002, 17), 2),
        new TrialStarted(3, 1, "127.0.0.1:4053", 0, At.AddSeconds(11)),
        new EpochReported(3, 1, 1, Metrics(0.5, 0.9), 0.75),
        new TimeBudgetElapsed(12.25, At.AddSeconds(12)),
        new TrialEnded(3, 1, TrialStatus.Pruned, "time budget", At.AddSeconds(12)),
        new SweepCompleted(At.AddSeconds(13)),
    ];

    /// <summary>Two states are the same when they serialize alike (the snapshot's JSON: every field, NaN included).</summary>
    private static string Json(SweepState state) => JsonSerializer.Serialize(state, ModelJson.Options);

    private Task<SweepState> ReplayAsync() => LogRecovery.ReadAsync(_kit.Sys, Name);

    /// <summary>Persists <paramref name="events"/> as a running sweep would, with a snapshot after the first <paramref name="snapshotAfter"/> (0: none).</summary>
    private async Task WriteAsync(IReadOnlyList<SweepEvent> events, int snapshotAfter = 0)
    {
        var writer = _kit.Sys.ActorOf(SweepLogWriter.Props(Name));
        var first = snapshotAfter > 0 ? events.Take(snapshotAfter).ToArray() : events.ToArray();
        await writer.Ask<Done>(first, TimeSpan.FromSeconds(10));
        if (snapshotAfter > 0)
        {
            await writer.Ask<Done>(first.Aggregate(SweepState.Empty, (s, e) => s.Apply(e)), TimeSpan.FromSeconds(10));
            await writer.Ask<Done>(events.Skip(snapshotAfter).ToArray(), TimeSpan.FromSeconds(10));
        }
        await writer.GracefulStop(TimeSpan.FromSeconds(10));
    }

    private (long SequenceNr, int Format)? StoredRow()
    {
        using var connection = new SqliteConnection(Database.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "select sequence_nr, format from actortune_sweep_states where sweep = $sweep";
        command.Parameters.AddWithValue("$sweep", Name);
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetInt32(1)) : null;
    }

    private void Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = new SqliteConnection(Database.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        command.ExecuteNonQuery();
    }

    [Fact]
    public async Task The_projection_reads_what_a_replay_reads_and_catches_up_a_stale_one()
    {
        var first = FirstEvents();
        await WriteAsync(first, snapshotAfter: 9);

        // The first read starts from the Akka snapshot and the events after it, and stores the result.
        var replayed = await ReplayAsync();
        Assert.Equal(first.Count, replayed.EventCount);
        var read = SweepStates.Read(Database, Name);
        Assert.Equal(Json(replayed), Json(read.State));
        Assert.Equal(first.Count, read.SequenceNr);
        Assert.Equal((first.Count, SweepStateBinary.Version), StoredRow());

        // From the stored state: the same again; the importance a command computed is stored beside it and reused.
        var importance = HyperparameterImportance.Of(read.State);
        SweepStates.SaveImportance(Database, Name, read.State);
        var again = SweepStates.Read(Database, Name).State;
        Assert.Equal(Json(replayed), Json(again));
        Assert.True(HyperparameterImportance.IsKnown(again, out var stored));
        Assert.Equal(JsonSerializer.Serialize(importance, ModelJson.Options), JsonSerializer.Serialize(stored, ModelJson.Options));

        // The log moves on: the stored state is behind, the reader folds only the new events and saves it back.
        await WriteAsync(LaterEvents());
        var later = await ReplayAsync();
        Assert.Equal(first.Count + LaterEvents().Count, later.EventCount);
        Assert.Equal(SweepStatus.Completed, later.Status);
        Assert.Equal(Json(later), Json(SweepStates.Read(Database, Name).State));
        Assert.Equal((later.EventCount, SweepStateBinary.Version), StoredRow());

        // A stored state is only what it says: one an event behind is caught up with that event alone.
        var behind = FirstEvents().Concat(LaterEvents()).SkipLast(1).Aggregate(SweepState.Empty, (s, e) => s.Apply(e));
        Assert.True(new SweepStateStore(new SqlStorage(Database)).TrySave(Name, behind));
        Assert.Equal((later.EventCount - 1, SweepStateBinary.Version), StoredRow());
        Assert.Equal(Json(later), Json(SweepStates.Read(Database, Name).State));
        Assert.Equal((later.EventCount, SweepStateBinary.Version), StoredRow());

        Assert.Equal("completed", SweepStates.StatusOf(Database, Name, later));
        Assert.Equal(SweepState.Empty, SweepStates.Read(Database, "no-such-sweep").State);
    }

    [Fact]
    public async Task A_damaged_or_unknown_format_projection_is_rebuilt_from_the_log()
    {
        await WriteAsync(FirstEvents().Concat(LaterEvents()).ToList(), snapshotAfter: 12);
        var replayed = Json(await ReplayAsync());
        Assert.Equal(replayed, Json(SweepStates.Read(Database, Name).State));
        var head = StoredRow()!.Value.SequenceNr;

        const int seed = 20261202;
        _output.WriteLine($"garbage seed {seed}");
        var garbage = new byte[200];
        new Random(seed).NextBytes(garbage);
        var good = SweepStateBinary.Write(SweepStateBinary.Read(ReadData())!);
        var damages = new (string What, string Sql, (string, object)[] Parameters)[]
        {
            ("an unknown format", "update actortune_sweep_states set format = 999", []),
            ("garbage", "update actortune_sweep_states set data = $data", [("$data", garbage)]),
            ("a truncated payload", "update actortune_sweep_states set data = $data", [("$data", good[..(good.Length / 2)])]),
            ("a payload of another sequence number", "update actortune_sweep_states set sequence_nr = sequence_nr - 1", []),
            ("a state ahead of its log", "update actortune_sweep_states set sequence_nr = sequence_nr + 5, data = $data",
                [("$data", SweepStateBinary.Write(SweepStateBinary.Read(good)! with { EventCount = head + 5 }))]),
        };
        foreach (var (what, sql, parameters) in damages)
        {
            Execute(sql, parameters);
            Assert.True(replayed == Json(SweepStates.Read(Database, Name).State), what);
            Assert.True((head, SweepStateBinary.Version) == StoredRow(), what);
        }
        // An unknown format version is not read, whatever follows it.
        var future = (byte[])good.Clone();
        BitConverter.TryWriteBytes(future.AsSpan(4), SweepStateBinary.Version + 1);
        Assert.Null(SweepStateBinary.Read(future));
    }

    [Fact]
    public async Task A_read_only_database_is_read_and_left_as_it_was()
    {
        await WriteAsync(FirstEvents(), snapshotAfter: 9);
        var replayed = Json(await ReplayAsync());
        SqliteConnection.ClearAllPools();
        var readOnly = Database with { ConnectionString = new SqliteConnectionStringBuilder(Database.ConnectionString) { Mode = SqliteOpenMode.ReadOnly }.ToString() };
        Assert.Equal(replayed, Json(SweepStates.Read(readOnly, Name).State));
        Assert.Equal(replayed, Json(SweepStates.Read(readOnly, Name).State));
        Assert.Equal("running", SweepStates.Read(readOnly, Name).State.Status.ToName());
        Assert.Equal("interrupted", SweepStates.StatusOf(readOnly, Name, SweepStates.Read(readOnly, Name).State));
        Assert.Null(StoredRowOrNoTable());
    }

    [Fact]
    public void The_binary_form_keeps_every_field()
    {
        var state = FirstEvents().Concat(LaterEvents()).Aggregate(SweepState.Empty, (s, e) => s.Apply(e));
        Assert.NotNull(state.Trial(1).Schedule);
        Assert.NotNull(state.Trial(1).Interventions);
        Assert.True(state.TimeBudgetSpent);
        Assert.Equal(Json(state), Json(SweepStateBinary.Read(SweepStateBinary.Write(state))!));
        Assert.Equal(Json(SweepState.Empty), Json(SweepStateBinary.Read(SweepStateBinary.Write(SweepState.Empty))!));
    }

    private byte[] ReadData()
    {
        using var connection = new SqliteConnection(Database.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "select data from actortune_sweep_states";
        return (byte[])command.ExecuteScalar()!;
    }

    private (long, int)? StoredRowOrNoTable()
    {
        try
        {
            return StoredRow();
        }
        catch (SqliteException)
        {
            return null;
        }
    }
}
