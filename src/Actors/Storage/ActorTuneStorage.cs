using ActorTune.Actors.Persistence;
using Akka.Actor;

namespace ActorTune.Actors.Storage;

/// <summary>
/// The sweep database's own tables (checkpoints, leases) for one actor system, found from its configuration
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
        var storage = new SqlStorage(database);
        Checkpoints = new CheckpointStore(storage);
        Leases = new LeaseStore(storage);
        CheckpointWriter = system.SystemActorOf(Storage.CheckpointWriter.Props(Checkpoints), "checkpoint-writer");
    }

    public CheckpointStore Checkpoints { get; }

    public LeaseStore Leases { get; }

    /// <summary>Takes <see cref="Messages.SaveCheckpoint"/> and writes them in batches.</summary>
    public IActorRef CheckpointWriter { get; }

    public static ActorTuneStorage Get(ActorSystem system) => system.WithExtension<ActorTuneStorage, ActorTuneStorageProvider>();
}

public sealed class ActorTuneStorageProvider : ExtensionIdProvider<ActorTuneStorage>
{
    public override ActorTuneStorage CreateExtension(ExtendedActorSystem system) => new(system);
}
