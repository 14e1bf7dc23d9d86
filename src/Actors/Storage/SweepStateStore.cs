using System.Data.Common;
using ActorTune.Actors.Persistence;
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
    public static SweepState? TryLoad(DbConnection connection, string sweep)
    {
        byte[] data;
        long sequenceNr;
        try
        {
            using var command = SweepLogSql.Command(connection,
                "select sequence_nr, format, data from actortune_sweep_states where sweep = @sweep", ("sweep", sweep));
            using var reader = command.ExecuteReader();
            if (!reader.Read() || reader.GetInt32(1) != SweepStateBinary.Version)
            {
                return null;
            }
            sequenceNr = reader.GetInt64(0);
            data = reader.GetFieldValue<byte[]>(2);
        }
        catch (DbException)
        {
            // No table yet (no reader has made one, or it cannot: a read-only database).
            return null;
        }
        return SweepStateBinary.Read(data) is { } state && state.EventCount == sequenceNr && state.Spec is not null ? state : null;
    }

    /// <summary>Stores <paramref name="state"/> as current to its <see cref="SweepState.EventCount"/>; false when it could not (busy, read-only).</summary>
    public bool TrySave(string sweep, SweepState state)
    {
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
