using System.Data.Common;
using System.Text.Json;
using ActorTune.Actors.Persistence;
using ActorTune.Model.Analysis;
using ActorTune.Model.State;
using LinqToDB;

namespace ActorTune.Actors.Storage;

/// <summary>
/// The state projection's table (<see cref="SweepStateRow"/>): read with plain SQL, written through linq2db (which
/// creates the table on either database). Every failure only leaves the cache behind.
/// </summary>
public sealed class SweepStateStore
{
    private readonly SqlStorage _storage;

    public SweepStateStore(SqlStorage storage)
    {
        _storage = storage;
    }

    /// <summary>
    /// The stored state of the sweep whose log is <paramref name="sweep"/>'s, or null when there is none, or it is of
    /// another format, damaged, or not what it claims to be current to.
    /// </summary>
    public static Stored? TryLoad(DbConnection connection, string sweep)
    {
        byte[] data;
        long sequenceNr;
        string? importance;
        try
        {
            using var command = SweepLogSql.Command(connection,
                "select sequence_nr, format, data, importance, importance_key from actortune_sweep_states where sweep = @sweep", ("sweep", sweep));
            using var reader = command.ExecuteReader();
            if (!reader.Read() || reader.GetInt32(1) != SweepStateBinary.Version)
            {
                return null;
            }
            sequenceNr = reader.GetInt64(0);
            data = reader.GetFieldValue<byte[]>(2);
            importance = !reader.IsDBNull(3) && !reader.IsDBNull(4) && reader.GetString(4) == HyperparameterImportance.Key ? reader.GetString(3) : null;
        }
        catch (DbException)
        {
            // No table yet (no reader has made one, or it cannot: a read-only database).
            return null;
        }
        return SweepStateBinary.Read(data) is { } state && state.EventCount == sequenceNr && state.Spec is not null
            ? new Stored(state, importance)
            : null;
    }

    /// <summary>A stored state, and its importance as JSON when one was stored for it under today's <see cref="HyperparameterImportance.Key"/>.</summary>
    public sealed record Stored(SweepState State, string? ImportanceJson);

    /// <summary>
    /// Stores the importance of the sweep's state at <paramref name="sequenceNr"/> beside it (nothing when the stored
    /// state has moved on meanwhile); false when it could not.
    /// </summary>
    public bool TrySaveImportance(string sweep, long sequenceNr, HyperparameterImportance? importance)
    {
        try
        {
            using var connection = new SweepLogSql(_storage.Database).Connect();
            using var command = SweepLogSql.Command(connection,
                "update actortune_sweep_states set importance = @importance, importance_key = @key where sweep = @sweep and sequence_nr = @sequenceNr",
                ("importance", JsonSerializer.Serialize(importance, ModelJson.Options)), ("key", HyperparameterImportance.Key),
                ("sweep", sweep), ("sequenceNr", sequenceNr));
            return command.ExecuteNonQuery() == 1;
        }
        catch (Exception)
        {
            return false;
        }
    }

    /// <summary>The importance stored as JSON, or null when it does not parse (then it is computed again).</summary>
    public static bool TryParseImportance(string json, out HyperparameterImportance? importance)
    {
        try
        {
            importance = JsonSerializer.Deserialize<HyperparameterImportance>(json, ModelJson.Options);
            return true;
        }
        catch (JsonException)
        {
            importance = null;
            return false;
        }
    }

    /// <summary>
    /// Stores <paramref name="state"/> as current to its <see cref="SweepState.EventCount"/>; false when it could not
    /// (busy, read-only). A lean state is not what readers show: it is refused.
    /// </summary>
    public bool TrySave(string sweep, SweepState state)
    {
        if (state.Lean)
        {
            throw new ArgumentException("a lean state (ended trials without their epochs) is not a projection", nameof(state));
        }
        try
        {
            var data = SweepStateBinary.Write(state);
            using var db = _storage.Open();
            db.InsertOrReplace(new SweepStateRow { Sweep = sweep, SequenceNr = state.EventCount, Format = SweepStateBinary.Version, Data = data });
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }
}
