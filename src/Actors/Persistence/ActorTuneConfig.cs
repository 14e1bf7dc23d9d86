using System.Reflection;
using Akka.Configuration;
using Akka.Persistence.Sql;

namespace ActorTune.Actors.Persistence;

/// <summary>
/// The actor system's configuration: hocon/actortune.hocon (embedded in this assembly, so every host and test
/// gets the same defaults) with the database's connection settings on top, falling back to the SQL plugin's own
/// defaults.
/// </summary>
public static class ActorTuneConfig
{
    public static string DefaultsText()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("actortune.hocon")
            ?? throw new InvalidOperationException("actortune.hocon is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static Config Build(DatabaseLocation database, int trialThreads, string? extraHocon = null)
    {
        // One key per line: HOCON joins `a = "x" b = "y"` on one line into a single value.
        var connection = $$"""
            akka.persistence.journal.sql {
              connection-string = "{{Escape(database.ConnectionString)}}"
              provider-name = "{{database.ProviderName}}"
              parallelism = {{(database.IsSqlite ? 1 : 3)}}
            }
            akka.persistence.snapshot-store.sql {
              connection-string = "{{Escape(database.ConnectionString)}}"
              provider-name = "{{database.ProviderName}}"
            }
            akka.persistence.query.journal.sql {
              connection-string = "{{Escape(database.ConnectionString)}}"
              provider-name = "{{database.ProviderName}}"
            }
            actortune.trial-dispatcher.dedicated-thread-pool.thread-count = {{Math.Max(1, trialThreads)}}
            actortune.database {
              provider-name = "{{database.ProviderName}}"
              connection-string = "{{Escape(database.ConnectionString)}}"
              display = "{{Escape(database.Display)}}"
              sqlite = {{(database.IsSqlite ? "on" : "off")}}
            }
            """;
        var config = ConfigurationFactory.ParseString(connection);
        if (!string.IsNullOrWhiteSpace(extraHocon))
        {
            config = ConfigurationFactory.ParseString(extraHocon).WithFallback(config);
        }
        return config
            .WithFallback(ConfigurationFactory.ParseString(DefaultsText()))
            .WithFallback(SqlPersistence.DefaultConfiguration);
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"");
}
