using ActorTune.Actors.Messages;
using Akka.Actor;
using Akka.Cluster;

namespace ActorTune.Actors.Workers;

/// <summary>
/// Knows the workers a sweep can reach and passes broadcasts on to them: this node's <c>/user/worker</c> alone,
/// or, in a cluster, the worker of every member with the <c>worker</c> role (joining and leaving as members do).
/// </summary>
public sealed class WorkerDirectory : ReceiveActor
{
    public const string WorkerRole = "worker";

    private readonly HashSet<Address> _members = new();
    private readonly bool _clustered;

    public WorkerDirectory()
    {
        _clustered = Context.System.Settings.ProviderClass.Contains("Cluster", StringComparison.Ordinal);
        Receive<BroadcastToWorkers>(b =>
        {
            if (!_clustered)
            {
                Context.ActorSelection($"/user/{WorkerHost.Name}").Tell(b.Message, Context.Parent);
                return;
            }
            foreach (var address in _members)
            {
                Context.ActorSelection(new RootActorPath(address) / "user" / WorkerHost.Name).Tell(b.Message, Context.Parent);
            }
        });
        Receive<ClusterEvent.CurrentClusterState>(state =>
        {
            foreach (var member in state.Members.Where(m => m.Status == MemberStatus.Up && m.HasRole(WorkerRole)))
            {
                _members.Add(member.Address);
            }
        });
        Receive<ClusterEvent.MemberUp>(up =>
        {
            if (up.Member.HasRole(WorkerRole))
            {
                _members.Add(up.Member.Address);
            }
        });
        Receive<ClusterEvent.MemberRemoved>(removed => _members.Remove(removed.Member.Address));
        Receive<ClusterEvent.IMemberEvent>(_ => { });
    }

    public static Props Props() => Akka.Actor.Props.Create(() => new WorkerDirectory());

    protected override void PreStart()
    {
        if (_clustered)
        {
            Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.InitialStateAsSnapshot, typeof(ClusterEvent.IMemberEvent));
        }
    }

    protected override void PostStop()
    {
        if (_clustered)
        {
            Cluster.Get(Context.System).Unsubscribe(Self);
        }
    }
}
