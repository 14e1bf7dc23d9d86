using System.Runtime.Serialization;
using System.Text.Json;
using ActorTune.Actors.Messages;
using Akka.Actor;
using Akka.Serialization;

namespace ActorTune.Actors.Persistence;

/// <summary>
/// Messages that cross the network (trials on worker nodes, a coordinator singleton on another node) as JSON
/// under explicit manifests, like the events (<see cref="SweepEventSerializer"/>): the wire protocol never
/// depends on CLR type names, so renaming a class does not break a cluster of mixed versions.
/// </summary>
public sealed class MessageSerializer : SerializerWithStringManifest
{
    /// <summary>Registered in hocon/actortune.hocon.</summary>
    public const int Id = 4712;

    private static readonly JsonSerializerOptions Options = new(ModelJson.Options) { IncludeFields = true };

    private static readonly IReadOnlyDictionary<Type, string> Manifests = new Dictionary<Type, string>
    {
        [typeof(StartSweep)] = "start-sweep.v1",
        [typeof(ObserveSweep)] = "observe-sweep.v1",
        [typeof(SweepStarted)] = "sweep-started.v1",
        [typeof(SweepRejected)] = "sweep-rejected.v1",
        [typeof(SweepEventPublished)] = "sweep-event-published.v1",
        [typeof(SweepFinished)] = "sweep-finished.v1",
        [typeof(StopSweep)] = "stop-sweep.v1",
        [typeof(SweepStopped)] = "sweep-stopped.v1",
        [typeof(Intervene)] = "intervene.v1",
        [typeof(InterventionReply)] = "intervention-reply.v1",
        [typeof(WorkReady)] = "work-ready.v1",
        [typeof(RequestWork)] = "request-work.v1",
        [typeof(RunTrial)] = "run-trial.v1",
        [typeof(NoWork)] = "no-work.v1",
        [typeof(TrialStopped)] = "trial-stopped.v1",
        [typeof(TrialAssignment)] = "trial-assignment.v1",
        [typeof(EpochCompleted)] = "epoch-completed.v1",
        [typeof(TrialFailed)] = "trial-failed.v1",
        [typeof(TrialDeclaredParameters)] = "trial-declared-parameters.v1",
        [typeof(TrialEndedEarly)] = "trial-ended-early.v1",
        [typeof(ContinueTraining)] = "continue-training.v1",
        [typeof(StopTraining)] = "stop-training.v1",
        [typeof(SaveCheckpoint)] = "save-checkpoint.v1",
        [typeof(FlushCheckpoints)] = "flush-checkpoints.v1",
        [typeof(CheckpointsFlushed)] = "checkpoints-flushed.v1",
        [typeof(SaveTrialLog)] = "save-trial-log.v1",
        [typeof(SubmitSweep)] = "submit-sweep.v1",
        [typeof(SweepSubmitted)] = "sweep-submitted.v1",
        [typeof(ListSweeps)] = "list-sweeps.v1",
        [typeof(SweepListing)] = "sweep-listing.v1",
        [typeof(SweepList)] = "sweep-list.v1",
        [typeof(GetSweep)] = "get-sweep.v1",
        [typeof(ControlSweep)] = "control-sweep.v1",
        [typeof(ControlReply)] = "control-reply.v1",
    };

    private static readonly IReadOnlyDictionary<string, Type> Types = Manifests.ToDictionary(p => p.Value, p => p.Key);

    public MessageSerializer(ExtendedActorSystem system)
        : base(system)
    {
    }

    public override int Identifier => Id;

    /// <summary>Every wire message type, for the test that round-trips each.</summary>
    public static IEnumerable<Type> Handled => Manifests.Keys;

    public override string Manifest(object o) =>
        Manifests.TryGetValue(o.GetType(), out var manifest)
            ? manifest
            : throw new ArgumentException($"{o.GetType()} has no manifest in {nameof(MessageSerializer)}");

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Options);

    public override object FromBinary(byte[] bytes, string manifest) =>
        Types.TryGetValue(manifest, out var type)
            ? JsonSerializer.Deserialize(bytes, type, Options) ?? throw new SerializationException($"empty {manifest}")
            : throw new SerializationException($"unknown message manifest '{manifest}': sent by a newer ActorTune?");
}
