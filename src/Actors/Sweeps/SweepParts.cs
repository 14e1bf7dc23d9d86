using ActorTune.Actors.Storage;
using ActorTune.Actors.Strategies;
using ActorTune.Actors.Workers;
using ActorTune.Model.Strategies;
using ActorTune.Model.Sweep;
using Akka.Actor;

namespace ActorTune.Actors.Sweeps;

/// <summary>
/// What a <see cref="SweepSupervisor"/> talks to, injectable so a test can stand in for any of them (a probe as the
/// workers or as the storage, a scripted strategy) without a database: its strategy child, its worker directory child,
/// and the actor that writes checkpoints and reads them back.
/// </summary>
/// <param name="Strategy">The strategy child, from the spec and what the log says was tried.</param>
/// <param name="Workers">The child that finds workers and passes them the sweep's announcements.</param>
/// <param name="TrialStorage">The actor taking SaveCheckpoint, SaveTrialLog, FlushCheckpoints and ReadCheckpoint.</param>
public sealed record SweepParts(Func<SweepSpec, SearchHistory, Props> Strategy, Func<Props> Workers, Func<ActorSystem, IActorRef> TrialStorage)
{
    /// <summary>The real ones: the spec's strategy, the cluster-aware worker directory, the database's trial storage.</summary>
    public static readonly SweepParts Default = new(
        (spec, history) => StrategyActor.Props(StrategyCatalog.Create(spec), history),
        WorkerDirectory.Props,
        system => ActorTuneStorage.Get(system).TrialStorage);
}
