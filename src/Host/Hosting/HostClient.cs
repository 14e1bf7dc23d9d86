using ActorTune.Actors.Persistence;
using ActorTune.Actors.Sweeps;
using Akka.Actor;

namespace ActorTune.Host.Hosting;

/// <summary>
/// Talks to a running <c>actortune host</c> over Akka remoting, from a small actor system of its own on
/// 127.0.0.1 (any free port). A host that does not answer is reported plainly, not as a timeout's stack trace.
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

    /// <summary>Connects, or throws <see cref="HostUnreachableException"/>.</summary>
    public static async Task<HostClient> ConnectAsync(string address)
    {
        ClusterOptions.ParseSeed(address);
        var config = ActorTuneConfig.Build(DatabaseLocation.None, 1, """
            akka.actor.provider = remote
            akka.remote.dot-netty.tcp.hostname = "127.0.0.1"
            akka.remote.dot-netty.tcp.port = 0
            akka.remote.dot-netty.tcp.maximum-frame-size = 67108864b
            akka.remote.dot-netty.tcp.send-buffer-size = 67108864b
            akka.remote.dot-netty.tcp.receive-buffer-size = 67108864b
            akka.loglevel = ERROR
            akka.stdout-loglevel = OFF
            akka.remote.log-remote-lifecycle-events = off
            """);
        var system = ActorSystem.Create("actortune-client", config);
        try
        {
            var manager = await system.ActorSelection($"akka.tcp://{ActorTuneConfig.SystemName}@{address}/user/{SweepManager.Name}")
                .ResolveOne(TimeSpan.FromSeconds(5));
            return new HostClient(system, manager, address);
        }
        catch (Exception e) when (e is ActorNotFoundException or TimeoutException or TaskCanceledException)
        {
            await system.Terminate();
            throw new HostUnreachableException(address);
        }
    }

    public Task<T> AskAsync<T>(object message, TimeSpan? timeout = null) => _manager.Ask<T>(message, timeout ?? TimeSpan.FromMinutes(1));

    public async ValueTask DisposeAsync() => await _system.Terminate();
}

public sealed class HostUnreachableException(string address)
    : Exception($"no ActorTune host answers at {address}; start one with `actortune host` (or give --host HOST:PORT)");
