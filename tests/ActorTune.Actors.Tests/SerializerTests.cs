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
            new SweepDefined(TestSweeps.Synthetic("s") with { TimeBudget = TimeSpan.FromMinutes(10) }, "sweep { }", DateTimeOffset.UnixEpoch),
            new TrialProposed(1, config, 2),
            new TrialStarted(1, 2, "127.0.0.1:4053", 3, DateTimeOffset.UnixEpoch),
            new EpochReported(1, 2, 4, metrics, 0.25),
            new TrialEnded(1, 2, TrialStatus.Diverged, "non-finite loss", DateTimeOffset.UnixEpoch),
            new RegionNarrowed(new SearchRegion(2, [new ParameterRegion("learning-rate", 1e-3, 1e-2, null),
                new ParameterRegion("optimizer", null, null, [ParamValue.Of("adam")])])),
            new SweepCompleted(DateTimeOffset.UnixEpoch),
            new SweepTimeUsed(12.5, DateTimeOffset.UnixEpoch),
            new TimeBudgetElapsed(600, DateTimeOffset.UnixEpoch),
            new ParametersDeclared(1, [new RangeParameter("units-2", Scale.Int, 8, 128), new ChoiceParameter("optimizer", [ParamValue.Of("adam"), ParamValue.Of("sgd")])],
                new TrialConfig([new("units-2", ParamValue.Of(17))])),
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

    /// <summary>One instance of every message that may cross the network.</summary>
    private static IEnumerable<object> WireMessages()
    {
        var spec = TestSweeps.Synthetic("wire");
        var config = new TrialConfig([new("learning-rate", ParamValue.Of(0.01))]);
        var state = SweepState.Empty.Apply(new SweepDefined(spec, "", DateTimeOffset.UnixEpoch)).Apply(new TrialProposed(1, config, 1));
        var metrics = ImmutableSortedDictionary<string, double>.Empty.Add("val_accuracy", 0.5);
        var assignment = new Messages.TrialAssignment("wire", 1, 2, config, 7, 3, [1, 2, 3], spec);
        return
        [
            new Messages.StartSweep(spec, "sweep { }", true), new Messages.ObserveSweep(), new Messages.SweepStarted(state),
            new Messages.SweepRejected("no", true), new Messages.SweepEventPublished(new TrialProposed(1, config, 1), 2),
            new Messages.SweepFinished(state), new Messages.StopSweep(), new Messages.SweepStopped(state),
            new Messages.Intervene("set", "learning-rate", "0.1", 3), new Messages.InterventionReply(true, "ok"),
            new Messages.WorkReady("wire"), new Messages.RequestWork("127.0.0.1:4054"), new Messages.RunTrial(assignment),
            new Messages.NoWork("wire"), new Messages.TrialStopped(1, 2), assignment,
            new Messages.EpochCompleted(1, 2, 3, metrics, 0.5), new Messages.TrialFailed(1, 2, "boom"),
            new Messages.ContinueTraining(1, 2), new Messages.StopTraining(1, 2),
            new Messages.SaveCheckpoint("wire", 1, 2, 3, 0.5, [9, 8, 7], Model.Sweep.Goal.Max, true),
            new Messages.FlushCheckpoints(), new Messages.CheckpointsFlushed(), new Messages.SaveTrialLog("wire", 1, 2, "stderr"),
            new Messages.SubmitSweep(spec, "sweep { }"), new Messages.SweepSubmitted("wire", "actortune.db"), new Messages.ListSweeps(),
            new Messages.SweepListing(state, "running"), new Messages.SweepList([new Messages.SweepListing(state, "running")], "db"),
            new Messages.GetSweep("wire"), new Messages.ControlSweep("wire", "pause", "me"), new Messages.ControlReply(true, "ok"),
            new Messages.TrialDeclaredParameters(1, 2, [new RangeParameter("units-1", Scale.Int, 8, 128)], new TrialConfig([new("units-1", ParamValue.Of(9))])),
            new Messages.TrialEndedEarly(1, 2, TrialStatus.Pruned, "pruned by the objective"),
        ];
    }

    [Fact]
    public void Every_wire_message_round_trips_through_the_message_serializer()
    {
        var samples = WireMessages().ToList();
        Assert.Equal(MessageSerializer.Handled.OrderBy(t => t.Name), samples.Select(m => m.GetType()).Distinct().OrderBy(t => t.Name));
        foreach (var message in samples)
        {
            var serializer = _kit.Sys.Serialization.FindSerializerFor(message);
            Assert.IsType<MessageSerializer>(serializer);
            var manifest = Serialization.ManifestFor(serializer, message);
            var back = _kit.Sys.Serialization.Deserialize(serializer.ToBinary(message), serializer.Identifier, manifest);
            Assert.Equal(message.GetType(), back.GetType());
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(message, message.GetType(), ModelJson.Options),
                System.Text.Json.JsonSerializer.Serialize(back, back.GetType(), ModelJson.Options));
        }
    }
}
