using System.Globalization;
using System.Net;
using ActorTune.Actors.Persistence;

namespace ActorTune.Host.Hosting;

/// <summary>
/// Where a cluster node listens (<see cref="Bind"/>, default 127.0.0.1), the name other nodes dial
/// (<see cref="PublicHostname"/>, default the bind address: a node behind NAT or in a container binds 0.0.0.0 and
/// announces its outside name), whom it joins, and its TLS certificate if any.
/// </summary>
public sealed record ClusterOptions(string Bind, string? PublicHostname, int Port, IReadOnlyList<string> Seeds, int? Slots, RemotingTls? Tls = null)
{
    public const int DefaultPort = 4053;
    public const string DefaultBind = "127.0.0.1";
    public const string CoordinatorRole = "coordinator";
    public const string WorkerRole = "worker";

    /// <summary>The name in this node's address: what seeds and workers must give as HOST to reach it.</summary>
    public string Hostname => PublicHostname ?? Bind;

    /// <summary>host:port as trials record it (<c>show</c>'s "node").</summary>
    public string NodeName(int boundPort) => string.Create(CultureInfo.InvariantCulture, $"{Hostname}:{boundPort}");

    /// <summary>The node's settings; a node given no seeds is the first of its cluster and joins itself.</summary>
    public string Hocon(params string[] roles) =>
        ActorTuneConfig.ClusterHocon(Bind, Port, Seeds.Count > 0 ? Seeds : [NodeName(Port)], roles, PublicHostname, Tls is not null)
        + Environment.NewLine + RemotingTls.Hocon(Tls);

    /// <summary>
    /// A node on every interface must say which name the others dial: its address is part of every message
    /// it sends, and 0.0.0.0 reaches no one.
    /// </summary>
    public ClusterOptions Checked()
    {
        if (string.IsNullOrWhiteSpace(Bind))
        {
            throw new ArgumentException("--bind needs an address, e.g. 0.0.0.0 or 10.0.0.5");
        }
        if (PublicHostname is null && IPAddress.TryParse(Bind, out var address) && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)))
        {
            throw new ArgumentException($"--bind {Bind} listens on every interface: give --public-hostname NAME too, the address other machines dial to reach this one");
        }
        return this;
    }

    /// <summary>Parses "host:port" as given to --seed; the error names the option.</summary>
    public static string ParseSeed(string seed) => ParseAddress(seed, "--seed");

    /// <summary>Parses "host:port"; the error names <paramref name="option"/>.</summary>
    public static string ParseAddress(string value, string option)
    {
        var colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value[(colon + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new ArgumentException($"{option} '{value}' must be HOST:PORT, e.g. 127.0.0.1:{DefaultPort}");
        }
        return value;
    }
}
