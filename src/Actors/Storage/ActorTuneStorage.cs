using ActorTune.Actors.Persistence;
using Akka.Actor;

namespace ActorTune.Actors.Storage;

/// <summary>
/// The sweep database's own tables (checkpoints, leases, trial logs) for one actor system, found from its configuration
/// (<c>actortune.database</c>, set by <see cref="ActorTuneConfig.Build"/>), with the actor that writes
/// checkpoints in batches.
/// </summary>
public sealed class ActorTuneStorage : IExtension
{
    public ActorTuneStorage(ExtendedActorSystem system)
    {
        var config = system.Settings.Config.GetConfig("actortune.database");
        var database = new DatabaseLocation(config.GetString("provider-name"), config.GetString("connection-string"),
            config.GetString("display"), config.GetBoolean("sqlite"));
        Database = database;
        var storage = new SqlStorage(database);
        Checkpoints = new CheckpointStore(storage);
        Leases = new LeaseStore(storage);
        TrialLogs = new TrialLogStore(storage);
        TrialStorage = system.SystemActorOf(Storage.TrialStorage.Props(Checkpoints, TrialLogs,
            new SweepSummaryStore(storage)), "trial-storage");
    }

    /// <summary>The database this actor system's journal is in.</summary>
    public DatabaseLocation Database { get; }

    public CheckpointStore Checkpoints { get; }

    public LeaseStore Leases { get; }

    public TrialLogStore TrialLogs { get; }

    /// <summary>
    /// Takes <see cref="Messages.SaveCheckpoint"/> (written in batches), <see cref="Messages.SaveTrialLog"/>,
    /// <see cref="Messages.ReadCheckpoint"/> and <see cref="Messages.SaveSweepSummary"/>.
    /// </summary>
    public IActorRef TrialStorage { get; }

    public static ActorTuneStorage Get(ActorSystem system) => system.WithExtension<ActorTuneStorage, ActorTuneStorageProvider>();
}

public sealed class ActorTuneStorageProvider : ExtensionIdProvider<ActorTuneStorage>
{
    public override ActorTuneStorage CreateExtension(ExtendedActorSystem system) => new(system);
}
