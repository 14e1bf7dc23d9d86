using System.Runtime.Serialization;
using System.Text.Json;
using ActorTune.Model.Events;
using ActorTune.Model.State;
using Akka.Actor;
using Akka.Serialization;

namespace ActorTune.Actors.Persistence;

/// <summary>
/// Writes sweep events and snapshots as JSON under explicit, versioned manifests ("trial-proposed.v1"), never
/// under CLR type names: renaming or moving a class cannot make an old database unreadable. A change of shape
/// gets a new manifest version, and the old one keeps its reader here.
/// </summary>
public sealed class SweepEventSerializer : SerializerWithStringManifest
{
    /// <summary>Registered in hocon/actortune.hocon; fixed forever, since it is stored beside every event.</summary>
    public const int Id = 4711;

    private static readonly IReadOnlyDictionary<Type, string> Manifests = new Dictionary<Type, string>
    {
        [typeof(SweepDefined)] = "sweep-defined.v1",
        [typeof(TrialProposed)] = "trial-proposed.v1",
        [typeof(TrialStarted)] = "trial-started.v1",
        [typeof(EpochReported)] = "epoch-reported.v1",
        [typeof(TrialEnded)] = "trial-ended.v1",
        [typeof(TrialConfigChanged)] = "trial-config-changed.v1",
        [typeof(TrialIntervened)] = "trial-intervened.v1",
        [typeof(RegionNarrowed)] = "region-narrowed.v1",
        [typeof(SweepPaused)] = "sweep-paused.v1",
        [typeof(SweepContinued)] = "sweep-continued.v1",
        [typeof(SweepCancelled)] = "sweep-cancelled.v1",
        [typeof(SweepCompleted)] = "sweep-completed.v1",
        [typeof(SweepTimeUsed)] = "sweep-time-used.v1",
        [typeof(TimeBudgetElapsed)] = "time-budget-elapsed.v1",
        [typeof(ParametersDeclared)] = "parameters-declared.v1",
        // v2 may be lean (SweepState.Lean: ended trials keep their best and last epochs, as the supervisor snapshots it):
        // a reader that knows only v1 must not take it for the whole sweep. v1 snapshots are still read.
        [typeof(SweepState)] = "sweep-state.v2",
    };

    private static readonly IReadOnlyDictionary<string, Type> Types =
        Manifests.ToDictionary(p => p.Value, p => p.Key).Append(KeyValuePair.Create("sweep-state.v1", typeof(SweepState))).ToDictionary();

    public SweepEventSerializer(ExtendedActorSystem system)
        : base(system)
    {
    }

    public override int Identifier => Id;

    public static bool Handles(Type type) => Manifests.ContainsKey(type);

    public override string Manifest(object o) =>
        Manifests.TryGetValue(o.GetType(), out var manifest)
            ? manifest
            : throw new ArgumentException($"{o.GetType()} has no manifest in {nameof(SweepEventSerializer)}");

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), ModelJson.Options);

    public override object FromBinary(byte[] bytes, string manifest) => Read(bytes, manifest);

    /// <summary>Reads one stored payload: what recovery does, and what a tool reading the journal table directly can do.</summary>
    public static object Read(byte[] bytes, string manifest) =>
        Types.TryGetValue(manifest, out var type)
            ? JsonSerializer.Deserialize(bytes, type, ModelJson.Options) ?? throw new SerializationException($"empty {manifest}")
            : throw new SerializationException($"unknown manifest '{manifest}': written by a newer ActorTune?");
}
