using Microsoft.Data.Sqlite;

namespace ActorTune.Actors.Persistence;

/// <summary>
/// Where the sweep log lives. A path means a SQLite file (the default, <c>actortune.db</c>); a
/// <c>postgres://</c> or <c>postgresql://</c> address means PostgreSQL. <see cref="Display"/> never holds a password.
/// </summary>
public sealed record DatabaseLocation(string ProviderName, string ConnectionString, string Display, bool IsSqlite)
{
    public const string DefaultFile = "actortune.db";

    /// <summary>The masked address: a record's generated text would print the connection string and its password.</summary>
    public override string ToString() => Display;

    /// <summary>No database: a worker node keeps nothing itself (its trials' facts go to the coordinator's).</summary>
    public static readonly DatabaseLocation None = new("SQLite.MS", "Data Source=:memory:", "(none)", true);

    public static DatabaseLocation Parse(string? value)
    {
        var raw = string.IsNullOrWhiteSpace(value) ? DefaultFile : value;
        if (raw.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || raw.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            var uri = new Uri(raw);
            return new DatabaseLocation("PostgreSQL.15", PostgresConnectionString(uri), Masked(uri), false);
        }
        var path = Path.GetFullPath(raw);
        var builder = new SqliteConnectionStringBuilder { DataSource = path, DefaultTimeout = 30, Pooling = true };
        return new DatabaseLocation("SQLite.MS", builder.ToString(), path, true);
    }

    /// <summary>
    /// The address as logs, messages and clients see it: the password replaced by ***
    /// (postgres://user:***@host:port/db), since every one of those outlives the command line.
    /// </summary>
    private static string Masked(Uri uri)
    {
        var user = uri.UserInfo.Split(':', 2);
        var credentials = uri.UserInfo.Length == 0 ? "" : user.Length > 1 ? $"{user[0]}:***@" : $"{user[0]}@";
        return $"{uri.Scheme}://{credentials}{uri.Authority}{uri.PathAndQuery}";
    }

    private static string PostgresConnectionString(Uri uri)
    {
        var userInfo = uri.UserInfo.Split(':', 2);
        var parts = new List<string>
        {
            $"Host={uri.Host}",
            $"Port={(uri.Port > 0 ? uri.Port : 5432)}",
            $"Database={Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'))}",
        };
        if (userInfo[0].Length > 0)
        {
            parts.Add($"Username={Uri.UnescapeDataString(userInfo[0])}");
        }
        if (userInfo.Length > 1)
        {
            parts.Add($"Password={Uri.UnescapeDataString(userInfo[1])}");
        }
        return string.Join(";", parts);
    }

    /// <summary>
    /// SQLite only: write-ahead logging, set once and kept in the file, so <c>show</c> can read while a sweep
    /// writes; creates the directory the file goes in.
    /// </summary>
    public void Prepare()
    {
        if (!IsSqlite || ReferenceEquals(this, None))
        {
            return;
        }
        var directory = Path.GetDirectoryName(Display);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }
}
