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

    // A sweep announces its work as soon as it starts, before the cluster has told this directory who its members
    // are; that first announcement is held until it has, or every new sweep would wait for the next one (a second).
    private BroadcastToWorkers? _beforeMembersKnown;
    private bool _membersKnown;

    public WorkerDirectory()
    {
        _clustered = Context.System.Settings.ProviderClass.Contains("Cluster", StringComparison.Ordinal);
        Receive<BroadcastToWorkers>(b =>
        {
            if (!_clustered)
            {
                Context.ActorSelection($"/user/{WorkerHost.Name}").Tell(b.Message, Context.Parent);
            }
            else if (!_membersKnown)
            {
                _beforeMembersKnown = b;
            }
            else
            {
                Broadcast(b);
            }
        });
        Receive<ClusterEvent.CurrentClusterState>(state =>
        {
            foreach (var member in state.Members.Where(m => m.Status == MemberStatus.Up && m.HasRole(WorkerRole)))
            {
                _members.Add(member.Address);
            }
            _membersKnown = true;
            if (_beforeMembersKnown is { } held)
            {
                _beforeMembersKnown = null;
                Broadcast(held);
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

    private void Broadcast(BroadcastToWorkers b)
    {
        foreach (var address in _members)
        {
            Context.ActorSelection(new RootActorPath(address) / "user" / WorkerHost.Name).Tell(b.Message, Context.Parent);
        }
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
