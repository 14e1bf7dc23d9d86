using System.Net;

namespace ActorTune.Host.Dashboard;

/// <summary>
/// Where the dashboard listens (<c>--http ADDR:PORT</c>): an explicit address, never "all interfaces" by accident.
/// Only a loopback address (127.0.0.0/8, ::1, or <c>localhost</c>) counts as private to this machine; anything
/// else, 0.0.0.0 included, needs a token.
/// </summary>
public sealed record HttpEndpoint(IPAddress Address, int Port)
{
    public const string Default = "127.0.0.1:8040";

    public bool IsLoopback => IPAddress.IsLoopback(Address);

    /// <summary>The URL a person on this machine opens (an unspecified bind address is reached through loopback).</summary>
    public string Url
    {
        get
        {
            var address = Address.Equals(IPAddress.Any) ? IPAddress.Loopback : Address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback : Address;
            return $"http://{new IPEndPoint(address, Port)}";
        }
    }

    /// <exception cref="ArgumentException">Starts with "--http", so the command line reports it as bad input (exit 2).</exception>
    public static HttpEndpoint Parse(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith("localhost:", StringComparison.OrdinalIgnoreCase))
        {
            trimmed = "127.0.0.1" + trimmed["localhost".Length..];
        }
        if (!IPEndPoint.TryParse(trimmed, out var endpoint) || !trimmed.Contains(':') || endpoint.Port is < 0 or > 65535 ||
            (endpoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && !trimmed.Contains("]:", StringComparison.Ordinal)))
        {
            throw new ArgumentException($"--http: '{text}' is not ADDR:PORT (for example {Default}, 0.0.0.0:8040 or [::1]:8040)");
        }
        return new HttpEndpoint(endpoint.Address, endpoint.Port);
    }
}
