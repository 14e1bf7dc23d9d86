using ActorTune.Model.Space;
using ActorTune.Model.State;

namespace ActorTune.Actors.Tests;

/// <summary>
/// The library API end to end in this process: an objective in code with a define-by-run, conditional space; several
/// objectives at once; ask-and-tell; an objective as a type; and the ways a library sweep is refused or a trial fails.
/// </summary>
public sealed class LibraryTests : IDisposable
{
    private readonly string _database = TestSweeps.TempDatabase();

    public void Dispose()
    {
        foreach (var file in new[] { _database, _database + "-wal", _database + "-shm" })
        {
            File.Delete(file);
        }
    }

    /// <summary>layers first, then units-1 … units-{layers}: a conditional space the objective declares as it asks.</summary>
    private static async Task Layered(ITrial trial, CancellationToken ct)
    {
        var lr = trial.Log("learning-rate", 1e-4, 1);
        var layers = trial.Int("layers", 1, 3);
        var units = Enumerable.Range(1, layers).Select(i => trial.Int($"units-{i}", 8, 128)).ToList();
        for (var epoch = 1; epoch <= trial.Epochs; epoch++)
        {
            var loss = Math.Abs(Math.Log10(lr) + 2) + units.Sum(u => Math.Abs(u - 64)) / 100.0 + 1.0 / epoch;
            if (!await trial.ReportAsync(epoch, loss, ct))
            {
                return;
            }
        }
    }

    [Theory]
    [InlineData("tpe")]
    [InlineData("random")]
    [InlineData("sobol")]
    [InlineData("coarse-to-fine")]
    public async Task A_conditional_define_by_run_space_is_declared_as_asked_and_every_trial_has_the_units_of_its_layers(string strategy)
    {
        var result = await Tuner.Open(_database).RunAsync("layered", Layered,
            new TunerOptions { Trials = 8, Epochs = 2, Strategy = strategy, Seed = 5 });

        var state = result.State;
        Assert.Equal(SweepStatus.Completed, state.Status);
        Assert.Equal(8, state.Trials.Count);
        var space = state.RequireSpec().Space;
        Assert.Equal(new RangeParameter("learning-rate", Scale.Log, 1e-4, 1), space.Find("learning-rate"));
        Assert.Equal(new RangeParameter("layers", Scale.Int, 1, 3), space.Find("layers"));
        var deepest = state.Trials.Max(t => (int)t.Config["layers"].Number);
        Assert.All(Enumerable.Range(1, deepest), i => Assert.NotNull(space.Find($"units-{i}")));
        Assert.All(state.Trials, t =>
        {
            Assert.Equal(TrialStatus.Completed, t.Status);
            Assert.Equal(2, t.Epochs.Count);
            var layers = (int)t.Config["layers"].Number;
            Assert.All(Enumerable.Range(1, layers), i => Assert.InRange(t.Config[$"units-{i}"].Number, 8, 128));
            Assert.InRange(t.Config["learning-rate"].Number, 1e-4, 1);
        });
        // Trial 1 declared what it asked for; later trials got the parameters from the strategy's proposals.
        Assert.True(state.Trials.Skip(1).All(t => t.Config.Contains("learning-rate")));
        Assert.NotNull(result.BestTrial);
        Assert.Equal(state.Best()!.BestValue, result.BestValue);
    }

    [Theory]
    [InlineData("asha")]
    [InlineData("median")]
    public async Task A_scheduler_prunes_library_trials_between_reports_and_an_objective_may_return_its_value(string scheduler)
    {
        var result = await Tuner.Open(_database).RunAsync("pruned-" + scheduler, async (trial, ct) =>
        {
            var x = trial.Float("x", 0, 1);
            for (var epoch = 1; epoch < trial.Epochs; epoch++)
            {
                if (!await trial.ReportAsync(epoch, x + 1.0 / epoch, ct))
                {
                    return double.NaN; // pruned: this value is never reported
                }
            }
            return x;
        }, new TunerOptions { Trials = 12, Epochs = 6, Strategy = "random", Scheduler = scheduler, Seed = 9 });
        var trials = result.State.Trials;
        Assert.Equal(12, trials.Count);
        Assert.Contains(trials, t => t.Status == TrialStatus.Pruned && t.Epochs.Count < 6);
        Assert.All(trials.Where(t => t.Status == TrialStatus.Completed), t =>
        {
            Assert.Equal(6, t.Epochs.Count); // five reports and the returned value as the sixth
            Assert.Equal(t.Config["x"].Number, t.Epochs[^1].Metrics["value"]);
        });
    }

    [Fact]
    public async Task The_same_sweep_seed_gives_the_same_define_by_run_trials()
    {
        var first = await Tuner.Open(_database).RunAsync("again-1", Layered, new TunerOptions { Trials = 5, Epochs = 1, Strategy = "random" });
        var second = await Tuner.Open(_database).RunAsync("again-2", Layered, new TunerOptions { Trials = 5, Epochs = 1, Strategy = "random" });
        Assert.Equal(first.State.Trials.Select(t => t.Config), second.State.Trials.Select(t => t.Config));
    }

    [Fact]
    public async Task Concurrency_runs_that_many_objectives_at_once_each_on_a_trial_thread()
    {
        var running = 0;
        var most = 0;
        var threads = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        var result = await Tuner.Open(_database).RunAsync("overlap", async (trial, ct) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            try
            {
                var x = trial.Float("x", 0, 1);
                for (var epoch = 1; epoch <= trial.Epochs; epoch++)
                {
                    threads[Environment.CurrentManagedThreadId] = trial.Id;
                    // Long enough for the other trials to start meanwhile; not an assertion.
                    await Task.Delay(150, ct);
                    if (!await trial.ReportAsync(epoch, x, ct))
                    {
                        return;
                    }
                }
            }
            finally
            {
                Interlocked.Decrement(ref running);
            }
        }, new TunerOptions { Trials = 6, Epochs = 3, Concurrency = 3, Strategy = "random" });

        Assert.Equal(6, result.State.Trials.Count(t => t.Status == TrialStatus.Completed));
        Assert.Equal(3, most);
        Assert.True(threads.Count >= 2, $"objectives ran on {threads.Count} thread(s)");
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    [Fact]
    public async Task Ask_and_tell_runs_the_callers_loop_as_trials_of_a_sweep_with_pruned_and_failed_ones()
    {
        await using (var study = await Tuner.Open(_database).StudyAsync("loop", new TunerOptions { Trials = 6, Strategy = "random", Seed = 3 }))
        {
            for (var i = 0; i < 6; i++)
            {
                var trial = await study.AskAsync();
                var x = trial.Float("x", -10, 10);
                var kind = trial.Choice("kind", "a", "b");
                if (i == 2)
                {
                    await study.TellPrunedAsync(trial, "not promising");
                }
                else if (i == 3)
                {
                    await study.TellFailedAsync(trial, "diverged in my loop");
                }
                else
                {
                    Assert.True(await study.ReportAsync(trial, 1, (x - 2) * (x - 2) + 1));
                    await study.TellAsync(trial, (x - 2) * (x - 2) + (kind == "a" ? 0 : 0.5));
                }
            }
            await Assert.ThrowsAsync<InvalidOperationException>(() => study.AskAsync());
            var state = study.Result.State;
            Assert.Equal(SweepStatus.Completed, state.Status);
            Assert.Equal([TrialStatus.Completed, TrialStatus.Completed, TrialStatus.Pruned, TrialStatus.Failed, TrialStatus.Completed, TrialStatus.Completed],
                state.Trials.Select(t => t.Status));
            Assert.Equal("not promising", state.Trials[2].Reason);
            Assert.Contains("diverged in my loop", state.Trials[3].Reason);
            Assert.Equal(2, state.Trials[0].Epochs.Count); // the intermediate report and the told value
            Assert.All(state.Trials, t => Assert.True(t.Config.Contains("x") && t.Config.Contains("kind")));
            Assert.NotNull(study.Result.BestTrial);
        }
    }

    [Fact]
    public async Task A_study_closed_with_a_trial_asked_and_not_told_asks_it_again_when_reopened()
    {
        int askedId;
        double askedX;
        await using (var study = await Tuner.Open(_database).StudyAsync("reopen", new TunerOptions { Trials = 2, Strategy = "random" }))
        {
            var trial = await study.AskAsync();
            askedId = trial.Id;
            askedX = trial.Float("x", 0, 1);
        }
        await using (var study = await Tuner.Open(_database).StudyAsync("reopen", new TunerOptions { Trials = 2, Strategy = "random" }))
        {
            var again = await study.AskAsync();
            Assert.Equal(askedId, again.Id);
            Assert.Equal(askedX, again.Float("x", 0, 1));
            await study.TellAsync(again, 1.0);
            var next = await study.AskAsync();
            await study.TellAsync(next, 2.0);
            Assert.Equal(2, study.Result.State.Trials.Count(t => t.Status == TrialStatus.Completed));
        }
    }

    [Fact]
    public async Task An_objective_type_runs_one_new_instance_per_trial()
    {
        var result = await Tuner.Open(_database).RunAsync<CountingObjective>("typed",
            new TunerOptions { Trials = 3, Epochs = 2, Strategy = "random", Goal = "max" });
        Assert.Equal(3, result.State.Trials.Count(t => t.Status == TrialStatus.Completed && t.Epochs.Count == 2));
    }

    public sealed class CountingObjective : IObjective
    {
        private int _reports;

        public async Task RunAsync(ITrial trial, CancellationToken cancellationToken)
        {
            var x = trial.Float("x", 0, 1);
            while (await trial.ReportAsync(++_reports, x * _reports, cancellationToken))
            {
            }
        }
    }

    [Fact]
    public async Task A_time_budget_from_the_options_stops_the_running_objective_at_its_next_report_and_ends_the_sweep()
    {
        var reportsAfterFalse = 0;
        var result = await Tuner.Open(_database).RunAsync("budget", async (trial, ct) =>
        {
            var x = trial.Float("x", 0, 1);
            for (var epoch = 1; epoch <= trial.Epochs; epoch++)
            {
                await Task.Delay(20, ct); // an epoch's work; the budget, not this, decides when the sweep ends
                if (!await trial.ReportAsync(epoch, x / epoch, ct))
                {
                    return;
                }
            }
            reportsAfterFalse++; // only an objective never told to stop gets here
        }, new TunerOptions { Trials = 1000, Epochs = 100_000, Strategy = "random", TimeBudget = TimeSpan.FromSeconds(1) });
        Assert.Equal(SweepStatus.Completed, result.State.Status);
        Assert.Equal("time budget", result.State.EndReason);
        Assert.Equal(0, reportsAfterFalse);
        var stopped = Assert.Single(result.State.Trials);
        Assert.Equal(TrialStatus.Pruned, stopped.Status);
        Assert.Contains("time budget", stopped.Reason);
        Assert.NotEmpty(stopped.Epochs);
    }

    [Fact]
    public async Task An_objective_that_returns_early_completes_its_trial_and_one_that_throws_fails_it_with_the_message()
    {
        var result = await Tuner.Open(_database).RunAsync("early", async (trial, ct) =>
        {
            var x = trial.Float("x", 0, 1);
            await trial.ReportAsync(1, x, ct);
            if (trial.Id == 2)
            {
                throw new InvalidOperationException("out of memory in my model");
            }
        }, new TunerOptions { Trials = 3, Epochs = 5, Strategy = "random" });
        var trials = result.State.Trials;
        Assert.Equal([TrialStatus.Completed, TrialStatus.Failed, TrialStatus.Completed], trials.Select(t => t.Status));
        Assert.All(trials, t => Assert.Single(t.Epochs));
        Assert.Contains("out of memory in my model", trials[1].Reason);
    }

    [Fact]
    public async Task A_parameter_asked_for_with_another_range_fails_the_trial_naming_both()
    {
        var result = await Tuner.Open(_database).RunAsync("redeclared", async (trial, ct) =>
        {
            var lr = trial.Id == 1 ? trial.Log("learning-rate", 1e-4, 1) : trial.Log("learning-rate", 1e-3, 1);
            await trial.ReportAsync(1, lr, ct);
        }, new TunerOptions { Trials = 2, Epochs = 1, Strategy = "random" });
        var second = result.State.Trials[1];
        Assert.Equal(TrialStatus.Failed, second.Status);
        Assert.Contains("'learning-rate' is log [0.0001, 1] in this sweep; the objective asked for log [0.001, 1]", second.Reason);
    }

    [Fact]
    public async Task A_grid_sweep_from_code_needs_its_space_up_front_and_runs_it_whole()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            Tuner.Open(_database).RunAsync("grid-bare", (_, _) => Task.CompletedTask, new TunerOptions { Strategy = "grid" }));
        Assert.Contains("a grid sweep needs its space up front", error.Message);

        var space = new SearchSpace([new ChoiceParameter("optimizer", [ParamValue.Of("adam"), ParamValue.Of("sgd")]), new RangeParameter("layers", Scale.Int, 1, 3)]);
        var result = await Tuner.Open(_database).RunAsync("grid", async (trial, ct) =>
        {
            var value = trial.Int("layers", 1, 3) + (trial.Choice("optimizer", "adam", "sgd") == "adam" ? 0 : 10);
            await trial.ReportAsync(1, value, ct);
        }, new TunerOptions { Strategy = "grid", Space = space, Trials = 10, Epochs = 1 });
        Assert.Equal(6, result.State.Trials.Count);
        Assert.Equal(1.0, result.BestValue);
    }

    [Fact]
    public async Task Bad_options_are_refused_before_anything_runs_naming_each()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Tuner.Open(_database).RunAsync("bad name!", (_, _) => Task.CompletedTask,
            new TunerOptions { Trials = 0, Strategy = "annealing" }));
        Assert.Contains("name: 'bad name!'", error.Message);
        Assert.Contains("trials: 0 must be at least 1", error.Message);
        Assert.Contains("unknown strategy 'annealing'", error.Message);
    }
}
