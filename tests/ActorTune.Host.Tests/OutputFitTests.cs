using System.Collections.Immutable;
using ActorTune.Host.Commands;
using ActorTune.Host.Output;
using ActorTune.Model.Events;
using ActorTune.Model.Space;
using ActorTune.Model.State;
using ActorTune.Model.Sweep;
using Spectre.Console.Testing;

namespace ActorTune.Host.Tests;

/// <summary>The rendering functions of the live view, babysit and show, at a fixed width and height.</summary>
public sealed class OutputFitTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] Names = ["learning-rate", "beta1", "hidden-units", "layers", "batch-size", "learning-rate-decay"];

    private static SweepSpec Spec(int trials, int epochs) => new(
        "a-sweep-with-a-rather-long-name", 7, null, ComponentSpec.Named("synthetic"), "val_accuracy", Goal.Max, epochs, trials, 16,
        ComponentSpec.Named("random"), ComponentSpec.Named("none"), new SearchSpace([
            new RangeParameter("learning-rate", Scale.Log, 1e-4, 1),
            new RangeParameter("beta1", Scale.OneMinusLog, 0.8, 0.999),
            new RangeParameter("hidden-units", Scale.IntLog, 16, 256),
            new RangeParameter("layers", Scale.Int, 1, 3),
            new ChoiceParameter("batch-size", [ParamValue.Of(16), ParamValue.Of(32), ParamValue.Of(64), ParamValue.Of(128)]),
            new RangeParameter("learning-rate-decay", Scale.Log, 1e-4, 0.1),
        ]));

    private static TrialConfig Config(int id) => new(new Dictionary<string, ParamValue>
    {
        ["learning-rate"] = ParamValue.Of(0.000123456 * id),
        ["beta1"] = ParamValue.Of(0.912345),
        ["hidden-units"] = ParamValue.Of(100 + id),
        ["layers"] = ParamValue.Of(2),
        ["batch-size"] = ParamValue.Of(64),
        ["learning-rate-decay"] = ParamValue.Of(0.00098765),
    });

    private static ImmutableSortedDictionary<string, double> Metrics(double accuracy) =>
        ImmutableSortedDictionary.CreateRange(new Dictionary<string, double> { ["val_accuracy"] = accuracy, ["val_loss"] = 1 - accuracy, ["train_loss"] = 0.5 });

    /// <summary>20 trials finished (some with long reasons), 16 running at epoch 3 of 20.</summary>
    private static SweepState BusySweep()
    {
        var state = SweepState.Empty.Apply(new SweepDefined(Spec(trials: 60, epochs: 20), "", At));
        for (var id = 1; id <= 36; id++)
        {
            state = state.Apply(new TrialProposed(id, Config(id), 1)).Apply(new TrialStarted(id, 1, "127.0.0.1:40531", 0, At));
            var epochs = id <= 20 ? 20 : 3;
            for (var epoch = 1; epoch <= epochs; epoch++)
            {
                state = state.Apply(new EpochReported(id, 1, epoch, Metrics(0.5 + id / 100.0 + epoch / 1000.0), 0.1));
            }
            if (id <= 20)
            {
                state = state.Apply(new TrialEnded(id, 1, id % 3 == 0 ? TrialStatus.Pruned : TrialStatus.Completed,
                    id % 3 == 0 ? "below the median of the trials before it at epoch 20, a reason long enough to need cutting" : null, At.AddSeconds(id)));
            }
        }
        return state;
    }

    private static List<string> Lines(string text) => text.Replace("\r", "").Split('\n').Select(l => l.TrimEnd()).ToList();

    [Theory]
    [InlineData(24)]
    [InlineData(16)]
    public void The_live_view_fits_80_columns_and_the_height_and_always_shows_the_progress_line(int height)
    {
        var state = BusySweep();
        var progress = new SweepProgress(SweepState.Empty.Apply(new SweepDefined(Spec(60, 20), "", At)));
        var console = new TestConsole().Width(80).Height(height);
        console.Write(ProgressView.Render(state, progress, TimeSpan.FromSeconds(75), 80, height));

        var lines = Lines(console.Output);
        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }
        Assert.True(lines.Count < height, $"{lines.Count} lines:\n{console.Output}");
        Assert.All(lines, l => Assert.True(l.Length <= 80, $"{l.Length}: {l}"));
        Assert.Contains("20/60 trials done", lines[0]);
        Assert.Matches(@"^\[█+░+\]\s+\d+%  elapsed 1:15  ETA \d+:\d\d$", lines[1]);
        Assert.Contains(lines, l => l.Contains("running") && l.TrimStart().StartsWith("21 ", StringComparison.Ordinal));
        if (height == 24)
        {
            Assert.Contains(lines, l => l.Contains("completed") || l.Contains("pruned")); // the last finished ones
        }
        else
        {
            Assert.Contains(lines, l => l.Contains("more running"));
        }
        // Parameters are cut between pairs: every pair shown is whole.
        foreach (var line in lines.Where(l => l.Contains("learning-rate=")))
        {
            Assert.Matches(@"learning-rate=0\.00\d+( |…|$)", line);
        }
    }

    [Fact]
    public void With_few_trials_running_the_live_view_shows_the_last_finished_ones()
    {
        var state = SweepState.Empty.Apply(new SweepDefined(Spec(trials: 10, epochs: 4), "", At));
        for (var id = 1; id <= 3; id++)
        {
            state = state.Apply(new TrialProposed(id, Config(id), 1)).Apply(new TrialStarted(id, 1, "local", 0, At));
            state = state.Apply(new EpochReported(id, 1, 1, Metrics(0.5), 0.1));
        }
        state = state.Apply(new TrialEnded(1, 1, TrialStatus.Pruned, "a reason", At));
        var console = new TestConsole().Width(80).Height(24);
        console.Write(ProgressView.Render(state, new SweepProgress(state), TimeSpan.FromSeconds(3), 80, 24));
        var lines = Lines(console.Output);
        Assert.Contains(lines, l => l.TrimStart().StartsWith("1 ", StringComparison.Ordinal) && l.Contains("pruned"));
        Assert.Contains("ETA -", lines[1]); // nothing has moved since the view started
    }

    [Fact]
    public void The_eta_extrapolates_the_progress_made_since_the_view_started()
    {
        var start = SweepState.Empty.Apply(new SweepDefined(Spec(trials: 4, epochs: 10), "", At));
        var progress = new SweepProgress(start);
        var state = start;
        for (var id = 1; id <= 2; id++)
        {
            state = state.Apply(new TrialProposed(id, Config(id), 1)).Apply(new TrialStarted(id, 1, "local", 0, At))
                .Apply(new EpochReported(id, 1, 1, Metrics(0.5), 0.1)).Apply(new TrialEnded(id, 1, TrialStatus.Completed, null, At));
        }
        Assert.Equal(0.5, SweepProgress.Fraction(state));
        Assert.Equal(TimeSpan.FromSeconds(30), progress.Remaining(state, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Wrapping_breaks_only_between_atoms_and_never_exceeds_the_width()
    {
        var atoms = Names.Select((n, i) => $"{n}={0.000123456 * (i + 1):G4}").ToList();
        var lines = TextFit.Wrap(atoms, 40, "trial 12 started: ");
        Assert.All(lines, l => Assert.True(l.Length <= 40, l));
        Assert.StartsWith("trial 12 started:", lines[0]);
        Assert.All(atoms, atom => Assert.Contains(lines, line => line.Contains(atom)));
        Assert.Equal("below the median…", TextFit.Cut("below the median of the trials", 18));
    }

    [Fact]
    public void The_sparkline_keeps_only_the_last_epochs_that_fit()
    {
        var curve = Enumerable.Range(1, 200).Select(i => (double)i).ToList();
        Assert.Equal(200, Sparkline.Of(curve).Length);
        var capped = Sparkline.Of(curve, 30);
        Assert.Equal(30, capped.Length);
        Assert.Equal('▁', capped[0]); // scaled to the epochs shown, not to the whole run
        Assert.Equal('█', capped[^1]);
    }

    [Fact]
    public void A_babysat_epoch_line_stays_within_the_width_however_long_the_run()
    {
        var state = SweepState.Empty.Apply(new SweepDefined(Spec(trials: 1, epochs: 500) with { Babysit = true }, "", At))
            .Apply(new TrialProposed(1, Config(1), 1)).Apply(new TrialStarted(1, 1, "local", 0, At));
        EpochReported? last = null;
        for (var epoch = 1; epoch <= 300; epoch++)
        {
            last = new EpochReported(1, 1, epoch, Metrics(0.5 + epoch / 1000.0), 0.1);
            state = state.Apply(last);
        }
        foreach (var width in new[] { 80, 120 })
        {
            var lines = BabysitCommand.Lines(last!, state, width);
            Assert.All(lines, l => Assert.True(l.Length <= width, $"{l.Length}: {l}"));
            Assert.StartsWith("trial 1 epoch 300/500  val_accuracy=0.8000  ", lines[0]);
            Assert.Contains(lines, l => l.Contains("val_loss=0.2000"));
        }
    }

    [Fact]
    public void Interventions_are_listed_by_epoch_then_as_given_and_a_rollback_starts_again()
    {
        Intervention I(int epoch, string action) => new(epoch, action, "", At);
        var given = new[] { I(3, "pause"), I(2, "resume"), I(2, "set"), I(8, "rollback"), I(3, "pause"), I(3, "stop") };
        Assert.Equal(["resume", "set", "pause", "rollback", "pause", "stop"], InterventionOrder.Sorted(given).Select(i => i.Action));
    }

    [Fact]
    public void A_babysitters_set_reads_as_set_in_the_lineage_and_an_exploit_as_a_copy()
    {
        var start = Config(1);
        var set = start.With("learning-rate", ParamValue.Of(0.005));
        var trial = TrialState.Proposed(1, start, 1) with
        {
            Schedule = [
                new ConfigChange(4, 1, 4, set, "set by the babysitter: learning-rate = 0.005"),
                new ConfigChange(6, 2, 5, Config(2), "pbt exploit"),
            ],
        };
        var text = string.Join(" ", Lineage.Steps(trial, Names));
        Assert.Contains("epoch 4: set learning-rate 0.005;", text);
        Assert.DoesNotContain("from trial 1", text);
        Assert.Contains("epoch 6: from trial 2 (its epoch 5) with", text);
    }
}
