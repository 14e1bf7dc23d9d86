using System.Data.Common;
using ActorTune.Actors.Persistence;
using ActorTune.Model.Events;
using ActorTune.Model.State;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ActorTune.Actors.Storage;

/// <summary>
/// Reads a sweep's log (Akka.Persistence.Sql's <c>journal</c> and <c>snapshot</c> tables) with plain SQL and the
/// events' own serializer, as its recovery would, but without an actor system: what <c>show</c>, <c>report</c> and
/// <c>export</c> need to start fast. Never writes.
/// </summary>
public sealed class SweepLogSql
{
    private readonly DatabaseLocation _database;

    public SweepLogSql(DatabaseLocation database)
    {
        _database = database;
    }

    /// <summary>A plain ADO.NET connection, opened (no linq2db mapping, no tables created).</summary>
    public DbConnection Connect()
    {
        DbConnection connection = _database.IsSqlite ? new SqliteConnection(_database.ConnectionString) : new NpgsqlConnection(_database.ConnectionString);
        connection.Open();
        return connection;
    }

    public static string PersistenceIdOf(string sweep) => "sweep-" + sweep;

    /// <summary>The sequence number of the sweep's newest event; 0 when it has none (or no journal exists yet).</summary>
    public long Head(DbConnection connection, string sweep)
    {
        try
        {
            using var command = Command(connection, "select max(sequence_number) from journal where persistence_id = @id", ("id", PersistenceIdOf(sweep)));
            return command.ExecuteScalar() is { } value and not DBNull ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        }
        catch (DbException) when (!TableExists(connection, "journal"))
        {
            return 0;
        }
    }

    /// <summary>
    /// The sweep's newest Akka snapshot of a full state, read as recovery reads it (<see cref="SweepState.Reindexed"/>),
    /// or null when it has none (the supervisor's own snapshots are lean: they are skipped).
    /// </summary>
    public SweepState? NewestSnapshot(DbConnection connection, string sweep)
    {
        try
        {
            using var command = Command(connection,
                "select snapshot, manifest from snapshot where persistence_id = @id order by sequence_number desc limit 1",
                ("id", PersistenceIdOf(sweep)));
            using var reader = command.ExecuteReader();
            if (!reader.Read() || reader.IsDBNull(0))
            {
                return null;
            }
            var state = (SweepState)SweepEventSerializer.Read(reader.GetFieldValue<byte[]>(0), reader.GetString(1));
            // The supervisor's own snapshots are lean (ended trials keep two epochs): no start for a reader.
            return state.Lean ? null : state.Reindexed();
        }
        catch (DbException) when (!TableExists(connection, "snapshot"))
        {
            return null;
        }
    }

    /// <summary><paramref name="state"/> with the sweep's events after its <see cref="SweepState.EventCount"/> folded in.</summary>
    public SweepState FoldAfter(DbConnection connection, string sweep, SweepState state)
    {
        using var command = Command(connection,
            "select sequence_number, message, manifest from journal where persistence_id = @id and sequence_number > @after order by sequence_number",
            ("id", PersistenceIdOf(sweep)), ("after", state.EventCount));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var sequenceNr = reader.GetInt64(0);
            if (sequenceNr != state.EventCount + 1)
            {
                // A sweep's log is its events alone, never deleted: a gap means a log this reader does not know.
                throw new InvalidOperationException($"the log of sweep '{sweep}' has no event {state.EventCount + 1} (next is {sequenceNr})");
            }
            state = state.Apply((SweepEvent)SweepEventSerializer.Read(reader.GetFieldValue<byte[]>(1), reader.GetString(2)));
        }
        return state;
    }

    public static DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    /// <summary>Whether a table exists: a database no sweep has written to has no journal, and no projection before a reader made one.</summary>
    public static bool TableExists(DbConnection connection, string table)
    {
        try
        {
            using var command = Command(connection, $"select 1 from {table} where 1 = 0");
            using var reader = command.ExecuteReader();
            return true;
        }
        catch (DbException)
        {
            return false;
        }
    }
}
