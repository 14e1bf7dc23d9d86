using Akka.Actor;
using Akka.Cluster;

namespace ActorTune.Host.Hosting;

/// <summary>Waits on cluster membership from outside the actor system: joined, and coordinators present.</summary>
public static class ClusterMembership
{
    /// <summary>Completes once this node is Up in the cluster (it joined its seeds, or founded the cluster).</summary>
    public static Task WhenUpAsync(ActorSystem system)
    {
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
        return up.Task;
    }

    /// <summary>The port remoting bound to (the one asked for, or the one the system picked for port 0).</summary>
    public static int BoundPort(ActorSystem system) => Cluster.Get(system).SelfAddress.Port ?? 0;

    /// <summary>
    /// Completes once at least <paramref name="count"/> other nodes with <paramref name="role"/> are Up: a coordinator
    /// started with <c>--min-workers</c> starts its sweep only then, so its trials do not all run before a worker joins.
    /// </summary>
    public static async Task WhenOthersUpAsync(ActorSystem system, string role, int count, CancellationToken cancellation)
    {
        var cluster = Cluster.Get(system);
        while (cluster.State.Members.Count(m => m.HasRole(role) && m.Status == MemberStatus.Up && m.Address != cluster.SelfAddress) < count)
        {
            await Task.Delay(250, cancellation);
        }
    }

    /// <summary>
    /// Completes when the cluster has had no member with <paramref name="role"/> for <paramref name="grace"/>:
    /// a worker whose coordinator left rejoins the seeds, where the restarted coordinator founds the cluster anew.
    /// Also when every such member has been unreachable from here for <paramref name="cutOff"/>, or this node is
    /// down: a node on the minority side of a partition is downed by the others, but alone it never converges to
    /// remove itself, so it would wait in limbo; it leaves instead (true), and its process joins again as a new node.
    /// The same when no such member has seen this node's view of the cluster for <paramref name="cutOff"/>: a node paused
    /// just as long as the others take to down it can see them answer its heartbeats again, while they, having removed
    /// it, ignore its gossip; it would think itself a member for ever (a SIGSTOPped worker did, in 1 run of 4).
    /// </summary>
    public static async Task<bool> WhenRoleGoneAsync(ActorSystem system, string role, TimeSpan grace, TimeSpan cutOff, CancellationToken cancellation)
    {
        var cluster = Cluster.Get(system);
        var (missingSince, unreachableSince, unseenSince) = ((DateTime?)null, (DateTime?)null, (DateTime?)null);
        while (!cancellation.IsCancellationRequested)
        {
            var state = cluster.State;
            var members = state.Members.Where(m => m.HasRole(role) && m.Status is MemberStatus.Up or MemberStatus.Joining or MemberStatus.WeaklyUp).ToList();
            missingSince = members.Count > 0 ? null : missingSince ?? DateTime.UtcNow;
            var cut = members.Count > 0 && members.All(state.Unreachable.Contains);
            unreachableSince = cut ? unreachableSince ?? DateTime.UtcNow : null;
            var unseen = members.Count > 0 && !members.Any(m => state.SeenBy.Contains(m.Address));
            unseenSince = unseen ? unseenSince ?? DateTime.UtcNow : null;
            if (cluster.SelfMember.Status is MemberStatus.Down or MemberStatus.Removed ||
                unreachableSince is { } since && DateTime.UtcNow - since > cutOff ||
                unseenSince is { } ignoredSince && DateTime.UtcNow - ignoredSince > cutOff)
            {
                return true;
            }
            if (missingSince is { } gone && DateTime.UtcNow - gone > grace)
            {
                return false;
            }
            await Task.Delay(500, cancellation);
        }
        return false;
    }
}
