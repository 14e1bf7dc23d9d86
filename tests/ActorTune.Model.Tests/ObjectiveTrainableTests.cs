using System.Text;
using ActorTune.Model.Space;
using ActorTune.Model.State;
using ActorTune.Model.Sweep;
using ActorTune.Model.Training;
using ActorTune.Model.Training.Objectives;

namespace ActorTune.Model.Tests;

/// <summary>The bridge from a push-style objective onto the trial actor's one-epoch-per-call trainable, without actors.</summary>
public sealed class ObjectiveTrainableTests
{
    private static readonly SearchSpace NoSpace = new([]);

    private static TrialContext Context(TrialConfig? config = null, int epochs = 5, int seed = 11) =>
        new(1, config ?? TrialConfig.Empty, seed, epochs, ComponentSpec.Named(TrainableCatalog.Library), null, "loss");

    private static ObjectiveTrainable Bridge(Func<ITrial, CancellationToken, Task> objective, TrialContext? context = null, SearchSpace? space = null,
        CancellationToken interrupt = default) =>
        new(context ?? Context(), space ?? NoSpace, objective, interrupt);

    [Fact]
    public void Each_epoch_returns_what_the_objective_reported_and_its_return_completes_the_trial()
    {
        var answers = new List<bool>();
        using var bridge = Bridge(async (trial, ct) =>
        {
            for (var epoch = 1; epoch <= 2; epoch++)
            {
                answers.Add(await trial.ReportAsync(epoch, new Dictionary<string, double> { ["loss"] = 1.0 / epoch, ["acc"] = epoch }, ct));
            }
        });
        Assert.Equal(1.0, bridge.RunEpoch(1)["loss"]);
        Assert.Empty(answers); // the objective waits for the sweep's word
        Assert.Equal(2.0, bridge.RunEpoch(2)["acc"]);
        Assert.Equal([true], answers);
        var ended = Assert.Throws<TrainingEndedException>(() => bridge.RunEpoch(3));
        Assert.Equal(TrialStatus.Completed, ended.Status);
        Assert.Equal([true, true], answers);
    }

    [Fact]
    public void The_objective_runs_on_the_thread_that_asks_for_the_epoch_after_its_awaits()
    {
        var threads = new List<int>();
        using var bridge = Bridge(async (trial, ct) =>
        {
            await Task.Yield();
            threads.Add(Environment.CurrentManagedThreadId);
            await Task.Delay(10, ct);
            threads.Add(Environment.CurrentManagedThreadId);
            await trial.ReportAsync(1, 0.5, ct);
        });
        bridge.RunEpoch(1);
        Assert.Equal([Environment.CurrentManagedThreadId, Environment.CurrentManagedThreadId], threads);
    }

    [Fact]
    public void An_exception_fails_the_epoch_with_it_and_a_pruned_exception_prunes_the_trial()
    {
        using var failing = Bridge(async (trial, ct) =>
        {
            await trial.ReportAsync(1, 1.0, ct);
            throw new InvalidDataException("bad batch");
        });
        failing.RunEpoch(1);
        Assert.Equal("bad batch", Assert.Throws<InvalidDataException>(() => failing.RunEpoch(2)).Message);

        using var pruning = Bridge((_, _) => throw new TrialPrunedException("plateau"));
        var ended = Assert.Throws<TrainingEndedException>(() => pruning.RunEpoch(1));
        Assert.Equal((TrialStatus.Pruned, "plateau"), (ended.Status, ended.Reason));
    }

    [Fact]
    public void Dispose_answers_the_waiting_report_with_false_and_lets_the_objective_finish()
    {
        bool? answer = null;
        var cleanedUp = false;
        var bridge = Bridge(async (trial, ct) =>
        {
            try
            {
                answer = await trial.ReportAsync(1, 1.0, ct);
            }
            finally
            {
                cleanedUp = true;
            }
        });
        bridge.RunEpoch(1);
        bridge.Dispose();
        Assert.False(answer);
        Assert.True(cleanedUp);
    }

    [Fact]
    public void A_checkpoint_carries_the_objectives_state_and_epoch_to_a_new_attempt_which_skips_the_epochs_it_holds()
    {
        async Task Objective(ITrial trial, CancellationToken ct)
        {
            // Starts over from epoch 1 whatever it is given: the bridge ignores the epochs the checkpoint holds.
            for (var epoch = 1; epoch <= 4; epoch++)
            {
                if (!await trial.ReportAsync(epoch, epoch, ct, checkpoint: Encoding.UTF8.GetBytes($"after {epoch}")))
                {
                    return;
                }
            }
        }
        byte[] saved;
        using (var first = Bridge(Objective))
        {
            first.RunEpoch(1);
            first.RunEpoch(2);
            saved = first.SaveCheckpoint();
        }
        ITrial? seen = null;
        using var second = Bridge((trial, ct) =>
        {
            seen = trial;
            return Objective(trial, ct);
        });
        second.LoadCheckpoint(saved);
        Assert.Equal(3.0, second.RunEpoch(3)["loss"]);
        Assert.Equal(2, seen!.CheckpointEpoch);
        Assert.Equal("after 2", Encoding.UTF8.GetString(seen.Checkpoint!));
    }

    [Fact]
    public void A_checkpoint_without_state_of_the_objective_resumes_with_a_null_one()
    {
        using var first = Bridge(async (trial, ct) => await trial.ReportAsync(1, 1.0, ct));
        first.RunEpoch(1);
        using var second = Bridge((_, _) => Task.CompletedTask);
        second.LoadCheckpoint(first.SaveCheckpoint());
        Assert.Null(second.Trial.Checkpoint);
        Assert.Equal(1, second.Trial.CheckpointEpoch);
    }

    [Fact]
    public void The_interrupt_token_stops_a_waiting_objective_without_ending_its_trial()
    {
        using var interrupt = new CancellationTokenSource();
        using var bridge = Bridge(async (_, ct) => await Task.Delay(Timeout.Infinite, ct), interrupt: interrupt.Token);
        interrupt.CancelAfter(TimeSpan.FromMilliseconds(50));
        Assert.Throws<TrainingInterruptedException>(() => bridge.RunEpoch(1));
    }

    [Fact]
    public void Parameters_come_from_the_proposal_a_fixed_value_or_a_repeatable_sample_and_only_new_ones_are_declared()
    {
        var space = new SearchSpace([new RangeParameter("learning-rate", Scale.Log, 1e-4, 1), new FixedParameter("optimizer", ParamValue.Of("adam"))]);
        var proposal = new TrialConfig([new("learning-rate", ParamValue.Of(0.01)), new("optimizer", ParamValue.Of("adam"))]);
        ObjectiveTrainable Bridged(int seed) => Bridge((_, _) => Task.CompletedTask, Context(proposal, seed: seed), space);
        using var bridge = Bridged(11);
        var trial = bridge.Trial;

        Assert.Equal(0.01, trial.Log("learning-rate", 1e-4, 1));
        Assert.Equal("adam", trial.Choice("optimizer", "adam", "sgd"));
        var layers = trial.Int("layers", 1, 4);
        Assert.InRange(layers, 1, 4);
        Assert.Equal(layers, trial.Int("layers", 1, 4)); // asked again: the same value
        var beta = trial.OneMinusLog("beta", 0.9, 0.999);
        Assert.InRange(beta, 0.9, 0.999);

        var declared = bridge.TakeDeclared()!.Value;
        Assert.Equal(["layers", "beta"], declared.Parameters.Select(p => p.Name));
        Assert.Equal(new RangeParameter("layers", Scale.Int, 1, 4), declared.Parameters[0]);
        Assert.Equal(new TrialConfig([new("layers", ParamValue.Of(layers)), new("beta", ParamValue.Of(beta))]), declared.Values);
        Assert.Null(bridge.TakeDeclared());
        Assert.Equal(4, trial.Params.Count);

        // The same trial seed samples the same values: a restarted trial asks for the same ones.
        using var restarted = Bridged(11);
        var again = restarted.Trial;
        Assert.Equal(layers, again.Int("layers", 1, 4));
        Assert.Equal(beta, again.OneMinusLog("beta", 0.9, 0.999));
    }

    [Fact]
    public void Asking_for_a_known_parameter_with_another_scale_or_range_is_an_error_naming_both()
    {
        var space = new SearchSpace([new RangeParameter("learning-rate", Scale.Log, 1e-4, 1)]);
        var trial = Bridge((_, _) => Task.CompletedTask, space: space).Trial;
        var error = Assert.Throws<ArgumentException>(() => trial.Float("learning-rate", 1e-4, 1));
        Assert.Equal("parameter 'learning-rate' is log [0.0001, 1] in this sweep; the objective asked for linear [0.0001, 1]", error.Message);
        trial.Int("units", 8, 64);
        Assert.Contains("was asked for as int [8, 64], then as int [8, 128]", Assert.Throws<ArgumentException>(() => trial.Int("units", 8, 128)).Message);
        Assert.Contains("a log scale needs min > 0", Assert.Throws<ArgumentException>(() => trial.Log("decay", 0, 1)).Message);
    }
}
