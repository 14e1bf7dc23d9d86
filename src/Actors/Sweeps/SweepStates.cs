using System.Runtime.CompilerServices;
using ActorTune.Actors.Persistence;
using ActorTune.Actors.Storage;
using ActorTune.Model.Analysis;
using ActorTune.Model.State;

namespace ActorTune.Actors.Sweeps;

/// <summary>
/// The state projection, caught up on read (as <see cref="SweepSummaries"/> is for <c>list</c>): a sweep's stored
/// state (<c>actortune_sweep_states</c>) with only the journal's events after it folded in, read with plain SQL and no
/// actor system, and saved back when it moved on. Without a usable stored state (none yet, damaged, another format),
/// it starts from the newest Akka snapshot, as recovery does. It never writes to the journal or the snapshot store,
/// and a failed save (a read-only database) only leaves the cache behind, so reading works on any database a
/// recovery could read.
/// </summary>
public static class SweepStates
{
    /// <summary>
    /// The sweep's state current to its journal (<see cref="SweepState.Empty"/> when there is no such sweep).
    /// With <paramref name="replay"/> the stored state is neither used nor saved: the snapshot and events only.
    /// </summary>
    public static SweepRead Read(DatabaseLocation database, string name, bool replay = false)
    {
        var log = new SweepLogSql(database);
        SweepStateStore.Stored? stored;
        SweepState state;
        using (var connection = log.Connect())
        {
            var head = log.Head(connection, name);
            if (head == 0)
            {
                return new SweepRead(name, SweepState.Empty);
            }
            stored = replay ? null : SweepStateStore.TryLoad(connection, name);
            if (stored is not null && stored.State.EventCount > head)
            {
                // Ahead of its log: not this log's state (a database put back from a copy). Start again.
                stored = null;
            }
            state = log.FoldAfter(connection, name, stored?.State ?? log.NewestSnapshot(connection, name) ?? SweepState.Empty);
        }
        if (!replay && state.Spec is not null && state.EventCount != stored?.State.EventCount)
        {
            new SweepStateStore(new SqlStorage(database)).TrySave(name, state);
        }
        else if (stored is { ImportanceJson: { } json } && ReferenceEquals(state, stored.State) &&
                 SweepStateStore.TryParseImportance(json, out var importance))
        {
            HyperparameterImportance.Remember(state, importance);
            RememberedFromStore.AddOrUpdate(state, state);
        }
        return new SweepRead(name, state, state.EventCount);
    }

    /// <summary>States whose importance came from the store: nothing to save back.</summary>
    private static readonly ConditionalWeakTable<SweepState, SweepState> RememberedFromStore = new();

    /// <summary>
    /// After a command computed the importance of a state <see cref="Read"/> gave it (growing a forest of 64 trees on up
    /// to 2,000 trials, the slow part of <c>show</c> on a big sweep), stores it beside the state, so the next reader
    /// of the same events takes it from there. Nothing happens when it was not computed, or came from the store.
    /// </summary>
    public static void SaveImportance(DatabaseLocation database, string name, SweepState state)
    {
        if (SweepSummaries.ReplayForced || RememberedFromStore.TryGetValue(state, out _) ||
            !HyperparameterImportance.IsKnown(state, out var importance))
        {
            return;
        }
        new SweepStateStore(new SqlStorage(database)).TrySaveImportance(name, state.EventCount, importance);
    }

    /// <summary>
    /// How a user should read the sweep's status (as <see cref="SweepStore.StatusOf"/>): completed, failed, cancelled,
    /// paused, running (a live process holds its lease) or interrupted. The lease is read with plain SQL; a database
    /// without the lease table has nobody running anything.
    /// </summary>
    public static string StatusOf(DatabaseLocation database, string name, SweepState state) =>
        state.Status.IsFinal() || state.Status == SweepStatus.Paused ? state.Status.ToName()
        : IsRunning(database, name) ? "running" : "interrupted";

    private static bool IsRunning(DatabaseLocation database, string name) => LeaseStore.RunningNow(database).Contains(name);
}
