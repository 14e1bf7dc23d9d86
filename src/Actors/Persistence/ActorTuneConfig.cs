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
    public static string DefaultsText() => Embedded("actortune.hocon");

    private static string Embedded(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{name} is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// The cluster settings of hocon/cluster.hocon for a node listening on <paramref name="hostname"/>:<paramref name="port"/>
    /// with <paramref name="roles"/>, joining <paramref name="seeds"/> (host:port each; empty: it founds the cluster).
    /// <paramref name="publicHostname"/> is the name other nodes dial when it differs from the bind address (NAT, containers);
    /// with <paramref name="tls"/> the seeds are TLS addresses (the certificate comes as an actor-system setup).
    /// </summary>
    public static string ClusterHocon(string hostname, int port, IReadOnlyList<string> seeds, IReadOnlyList<string> roles,
        string? publicHostname = null, bool tls = false)
    {
        var seedNodes = string.Join(", ", seeds.Select(s => $"\"{RemotingScheme(tls)}://{SystemName}@{s}\""));
        // The command line's values come after the file's defaults: in HOCON the later definition wins.
        return Embedded("cluster.hocon") + Environment.NewLine + $$"""
            akka.remote.dot-netty.tcp.hostname = "{{Escape(hostname)}}"
            akka.remote.dot-netty.tcp.public-hostname = "{{Escape(publicHostname ?? hostname)}}"
            akka.remote.dot-netty.tcp.port = {{port}}
            akka.remote.dot-netty.tcp.enable-ssl = {{(tls ? "on" : "off")}}
            akka.cluster.seed-nodes = [{{seedNodes}}]
            akka.cluster.roles = [{{string.Join(", ", roles)}}]
            """;
    }

    /// <summary>Remoting's address scheme: a TLS node is <c>akka.ssl.tcp://…</c>, a plain one <c>akka.tcp://…</c>.</summary>
    public static string RemotingScheme(bool tls) => tls ? "akka.ssl.tcp" : "akka.tcp";

    /// <summary>Every node of a cluster must use the same actor-system name.</summary>
    public const string SystemName = "actortune";

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
