using ActorTune.Actors.Sweeps;
using ActorTune.Model.Events;
using ActorTune.Model.State;
using Akka.Actor;
using Akka.Persistence;

namespace ActorTune.Actors.Tests;

/// <summary>
/// The tests' oracle for what a sweep's log holds: Akka.Persistence's own recovery (snapshot, then events) under the
/// sweep's persistence id, independent of the plain-SQL fold (<see cref="SweepStates"/>) the commands read with. It
/// never writes; a lean snapshot (the supervisor's) recovers as lean.
/// </summary>
public static class LogRecovery
{
    public static Task<SweepState> ReadAsync(ActorSystem system, string name)
    {
        var result = new TaskCompletionSource<SweepState>(TaskCreationOptions.RunContinuationsAsynchronously);
        system.ActorOf(Props.Create(() => new Reader(name, result)));
        return result.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    private sealed class Reader : ReceivePersistentActor
    {
        private readonly string _name;
        private SweepState _state = SweepState.Empty;

        public Reader(string name, TaskCompletionSource<SweepState> result)
        {
            _name = name;
            Recover<SnapshotOffer>(offer => _state = ((SweepState)offer.Snapshot).Reindexed());
            Recover<SweepEvent>(e => _state = _state.Apply(e));
            Recover<RecoveryCompleted>(_ =>
            {
                result.TrySetResult(_state);
                Context.Stop(Self);
            });
        }

        public override string PersistenceId => SweepSupervisor.PersistenceIdFor(_name);
    }
}
