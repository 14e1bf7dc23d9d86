using System.Threading.Channels;
using Akka.Actor;

namespace ActorTune.Actors.Sweeps;

/// <summary>Forwards whatever a sweep tells its observer into a channel its program reads (the console, a library caller).</summary>
public sealed class ChannelObserver : ReceiveActor
{
    public ChannelObserver(ChannelWriter<object> writer)
    {
        ReceiveAny(message => writer.TryWrite(message));
    }

    public static Props Props(ChannelWriter<object> writer) => Akka.Actor.Props.Create(() => new ChannelObserver(writer));
}
