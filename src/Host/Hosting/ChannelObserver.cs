using System.Threading.Channels;
using Akka.Actor;

namespace ActorTune.Host.Hosting;

/// <summary>Forwards whatever a sweep tells its observer into a channel the console reads.</summary>
public sealed class ChannelObserver : ReceiveActor
{
    public ChannelObserver(ChannelWriter<object> writer)
    {
        ReceiveAny(message => writer.TryWrite(message));
    }

    public static Props Props(ChannelWriter<object> writer) => Akka.Actor.Props.Create(() => new ChannelObserver(writer));
}
