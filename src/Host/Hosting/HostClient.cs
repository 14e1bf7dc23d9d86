using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ActorTune.Actors.Persistence;
using ActorTune.Actors.Sweeps;
using Akka.Actor;

namespace ActorTune.Host.Hosting;

/// <summary>
/// Talks to a running <c>actortune host</c> over Akka remoting, from a small actor system of its own on any free port
/// of the interface that routes to the host (the host answers to that address, so a client on another machine must
/// not announce 127.0.0.1). A host that does not answer is reported plainly, with the TLS cause when there is one
/// (Akka's own log stays off: its TLS failures come with pages of troubleshooting text the cause says better).
/// </summary>
public sealed class HostClient : IAsyncDisposable
{
    public const string DefaultAddress = "127.0.0.1:4053";

    private readonly ActorSystem _system;
    private readonly IActorRef _manager;

    private HostClient(ActorSystem system, IActorRef manager, string address)
    {
        _system = system;
        _manager = manager;
        Address = address;
    }

    public string Address { get; }

    /// <summary>Connects, or throws <see cref="HostUnreachableException"/> (with the TLS cause, when that is it).</summary>
    public static async Task<HostClient> ConnectAsync(string address, RemotingTls? tls = null)
    {
        ClusterOptions.ParseAddress(address, "--host");
        var host = address[..address.LastIndexOf(':')];
        var config = ActorTuneConfig.Build(DatabaseLocation.None, 1, $$"""
            akka.actor.provider = remote
            akka.remote.dot-netty.tcp.hostname = "{{LocalAddressToward(host)}}"
            akka.remote.dot-netty.tcp.port = 0
            akka.remote.dot-netty.tcp.maximum-frame-size = 67108864b
            akka.remote.dot-netty.tcp.send-buffer-size = 67108864b
            akka.remote.dot-netty.tcp.receive-buffer-size = 67108864b
            akka.loglevel = OFF
            akka.stdout-loglevel = OFF
            akka.remote.log-remote-lifecycle-events = off
            {{RemotingTls.Hocon(tls)}}
            """);
        var setup = BootstrapSetup.Create().WithConfig(config);
        var system = tls is null ? ActorSystem.Create("actortune-client", setup) : ActorSystem.Create("actortune-client", setup.And(tls.Setup()));
        var selection = system.ActorSelection($"{ActorTuneConfig.RemotingScheme(tls is not null)}://{ActorTuneConfig.SystemName}@{address}/user/{SweepManager.Name}");
        var patience = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new HostClient(system, await selection.ResolveOne(TimeSpan.FromSeconds(5)), address);
            }
            catch (Exception e) when (e is ActorNotFoundException or TimeoutException or TaskCanceledException)
            {
                // A busy host may take longer than one try to answer: keep asking while its port takes connections and
                // TLS is not what keeps us apart; give up at once when nothing listens there.
                var cause = await RemotingProbe.DiagnoseAsync(address, tls, TimeSpan.FromSeconds(5));
                if (cause is not null || patience.Elapsed > Patience || !await AcceptsConnectionsAsync(address))
                {
                    await system.Terminate();
                    throw new HostUnreachableException(address, cause);
                }
            }
        }
    }

    /// <summary>How long a client waits for a host whose port is open but which has not answered yet.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    private static async Task<bool> AcceptsConnectionsAsync(string address)
    {
        var colon = address.LastIndexOf(':');
        using var tcp = new TcpClient();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await tcp.ConnectAsync(address[..colon].Trim('[', ']'), int.Parse(address[(colon + 1)..], CultureInfo.InvariantCulture), cancellation.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    public Task<T> AskAsync<T>(object message, TimeSpan? timeout = null) => _manager.Ask<T>(message, timeout ?? TimeSpan.FromMinutes(1));

    public async ValueTask DisposeAsync() => await _system.Terminate();

    /// <summary>
    /// This machine's address on the route to <paramref name="host"/> (a UDP socket's connect picks the route and sends
    /// nothing); 0.0.0.0 if the name does not resolve, which remoting then reports as unreachable.
    /// </summary>
    private static string LocalAddressToward(string host)
    {
        try
        {
            var target = IPAddress.TryParse(host.Trim('[', ']'), out var parsed) ? parsed : Dns.GetHostAddresses(host).First();
            using var socket = new Socket(target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            socket.Connect(target, 9);
            return ((IPEndPoint)socket.LocalEndPoint!).Address.ToString();
        }
        catch (Exception e) when (e is SocketException or InvalidOperationException)
        {
            return "0.0.0.0";
        }
    }
}

public sealed class HostUnreachableException(string address, string? cause = null)
    : Exception(cause ?? $"no ActorTune host answers at {address}; start one with `actortune host` (or give --host HOST:PORT)")
{
    /// <summary>The host answered but TLS kept us apart (a certificate missing or not trusted): the options are wrong.</summary>
    public bool TlsMismatch { get; } = cause is not null;
}
