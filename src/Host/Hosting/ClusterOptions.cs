using System.Globalization;
using ActorTune.Actors.Persistence;

namespace ActorTune.Host.Hosting;

/// <summary>
/// Where a cluster node listens and whom it joins. Remoting binds to 127.0.0.1 unless <see cref="Hostname"/> names
/// another address (a machine's own, for a cluster that spans machines).
/// </summary>
public sealed record ClusterOptions(string Hostname, int Port, IReadOnlyList<string> Seeds, int? Slots)
{
    public const int DefaultPort = 4053;
    public const string CoordinatorRole = "coordinator";
    public const string WorkerRole = "worker";

    /// <summary>host:port as trials record it (<c>show</c>'s "node").</summary>
    public string NodeName(int boundPort) => string.Create(CultureInfo.InvariantCulture, $"{Hostname}:{boundPort}");

    /// <summary>The node's settings; a node given no seeds is the first of its cluster and joins itself.</summary>
    public string Hocon(params string[] roles) =>
        ActorTuneConfig.ClusterHocon(Hostname, Port, Seeds.Count > 0 ? Seeds : [NodeName(Port)], roles);

    /// <summary>Parses "host:port" as given to --seed; the error names the option.</summary>
    public static string ParseSeed(string seed)
    {
        var colon = seed.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(seed[(colon + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new ArgumentException($"--seed '{seed}' must be HOST:PORT, e.g. 127.0.0.1:{DefaultPort}");
        }
        return seed;
    }
}
