using System.Collections.Immutable;
using ActorTune.Actors.Persistence;
using ActorTune.Model.Events;
using ActorTune.Model.Space;
using ActorTune.Model.State;
using Akka.Serialization;
using Akka.TestKit.Xunit2;

namespace ActorTune.Actors.Tests;

public sealed class SerializerTests : IDisposable
{
    private readonly TestKit _kit = new(TestSweeps.Config(TestSweeps.TempDatabase()));

    public void Dispose() => _kit.Shutdown();

    public static TheoryData<SweepEvent> Events()
    {
        var config = new TrialConfig([new("learning-rate", ParamValue.Of(0.003)), new("optimizer", ParamValue.Of("adam"))]);
        var metrics = ImmutableSortedDictionary<string, double>.Empty.Add("val_accuracy", 0.91).Add("val_loss", double.NaN);
        return new TheoryData<SweepEvent>
        {
            new SweepDefined(TestSweeps.Synthetic("s"), "sweep { }", DateTimeOffset.UnixEpoch),
            new TrialProposed(1, config, 2),
            new TrialStarted(1, 2, "127.0.0.1:4053", 3, DateTimeOffset.UnixEpoch),
            new EpochReported(1, 2, 4, metrics, 0.25),
            new TrialEnded(1, 2, TrialStatus.Diverged, "non-finite loss", DateTimeOffset.UnixEpoch),
            new RegionNarrowed(new SearchRegion(2, [new ParameterRegion("learning-rate", 1e-3, 1e-2, null),
                new ParameterRegion("optimizer", null, null, [ParamValue.Of("adam")])])),
            new SweepCompleted(DateTimeOffset.UnixEpoch),
        };
    }

    [Theory]
    [MemberData(nameof(Events))]
    public void Every_event_round_trips_through_the_configured_serializer_under_a_versioned_manifest(SweepEvent @event)
    {
        var serializer = _kit.Sys.Serialization.FindSerializerFor(@event);
        Assert.IsType<SweepEventSerializer>(serializer);
        var manifest = Serialization.ManifestFor(serializer, @event);
        Assert.EndsWith(".v1", manifest);
        var back = _kit.Sys.Serialization.Deserialize(serializer.ToBinary(@event), serializer.Identifier, manifest);
        // Records compare by value (the NaN metric included, since double.Equals(NaN, NaN) holds).
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize<object>(@event, ModelJson.Options),
            System.Text.Json.JsonSerializer.Serialize(back, ModelJson.Options));
        Assert.Equal(@event.GetType(), back.GetType());
    }
}
