using System.Data.Common;
using ActorTune.Actors.Persistence;
using ActorTune.Model.Events;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ActorTune.Host.Tests;

/// <summary>A sweep's log as the journal holds it (SQLite file or postgres:// address), for checks the JSON does not show.</summary>
internal static class SweepLog
{
    /// <summary>The sweep's events, read straight from the journal table.</summary>
    public static List<SweepEvent> Events(string database, string sweep)
    {
        var location = DatabaseLocation.Parse(database);
        using DbConnection connection = location.IsSqlite
            ? new SqliteConnection(location.ConnectionString)
            : new NpgsqlConnection(location.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT manifest, message FROM journal WHERE persistence_id = @id ORDER BY sequence_number";
        var id = command.CreateParameter();
        id.ParameterName = "@id";
        id.Value = $"sweep-{sweep}";
        command.Parameters.Add(id);
        var events = new List<SweepEvent>();
        using var reader = ReaderOrNone(command);
        if (reader is null)
        {
            return events;
        }
        while (reader.Read())
        {
            events.Add((SweepEvent)SweepEventSerializer.Read((byte[])reader["message"], (string)reader["manifest"]));
        }
        return events;
    }

    /// <summary>
    /// The journal's rows, or null while the table is not made yet: tests poll the log of a process that is still
    /// starting, whose database file can exist a moment before Akka.Persistence.Sql has created its tables.
    /// </summary>
    private static DbDataReader? ReaderOrNone(DbCommand command)
    {
        try
        {
            return command.ExecuteReader();
        }
        catch (SqliteException e) when (e.Message.Contains("no such table", StringComparison.Ordinal))
        {
            return null;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return null;
        }
    }

    /// <summary>How many checkpoints of a trial, of epochs up to <paramref name="upTo"/>, are stored (SQLite).</summary>
    public static long CheckpointEpochs(string database, string sweep, int trial, int upTo)
    {
        using var connection = new SqliteConnection(DatabaseLocation.Parse(database).ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM actortune_checkpoints WHERE sweep = $sweep AND trial = $trial AND epoch <= $upTo";
        command.Parameters.AddWithValue("$sweep", sweep);
        command.Parameters.AddWithValue("$trial", trial);
        command.Parameters.AddWithValue("$upTo", upTo);
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The most trials each node ran at once, from the log: an attempt runs from its start to its end or the next attempt.</summary>
    public static Dictionary<string, int> MostAtOnce(IEnumerable<SweepEvent> events)
    {
        var running = new Dictionary<int, string>();
        var most = new Dictionary<string, int>();
        foreach (var e in events)
        {
            switch (e)
            {
                case TrialStarted started:
                    running[started.TrialId] = started.Node;
                    break;
                case TrialEnded ended:
                    running.Remove(ended.TrialId);
                    break;
                default:
                    continue;
            }
            foreach (var group in running.Values.GroupBy(n => n))
            {
                most[group.Key] = Math.Max(most.GetValueOrDefault(group.Key), group.Count());
            }
        }
        return most;
    }
}
