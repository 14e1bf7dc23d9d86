using System.Collections.Immutable;
using ActorTune.Host.Reports;
using ActorTune.Model.Events;
using ActorTune.Model.Space;
using ActorTune.Model.State;
using ActorTune.Model.Sweep;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace ActorTune.Host.Tests;

/// <summary>The report's plots in process: each parameter's own scale, the regions of a coarse-to-fine sweep, the ranking.</summary>
public sealed class ReportPlotTests : IDisposable
{
    private static readonly RangeParameter LearningRate = new("learning-rate", Scale.Log, 1e-4, 1);
    private static readonly RangeParameter Beta1 = new("beta1", Scale.OneMinusLog, 0.9, 0.999);
    private static readonly RangeParameter Noise = new("noise", Scale.Linear, 0, 1);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "actortune-report-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static Tick[] TicksOf(ParameterSpec parameter)
    {
        var plot = new Plot();
        var axis = ParameterAxis.For(parameter);
        axis.Apply(plot.Axes.Bottom);
        var (low, high) = axis.Limits();
        plot.Axes.SetLimitsX(low, high);
        plot.GetImage(800, 400); // ticks are generated for the visible range when the plot is drawn
        return ((NumericManual)plot.Axes.Bottom.TickGenerator).Ticks;
    }

    [Fact]
    public void One_minus_log_puts_0_9_0_99_and_0_999_one_step_apart()
    {
        var majors = TicksOf(Beta1).Where(t => t.IsMajor).OrderBy(t => t.Position).ToList();
        Assert.Equal(["0.9", "0.99", "0.999"], majors.Select(t => t.Label));
        Assert.Equal([1.0, 2.0, 3.0], majors.Select(t => Math.Round(t.Position, 9)));
        Assert.Equal(2.0, ParameterAxis.For(Beta1).Position(0.99)!.Value, 9);
    }

    [Fact]
    public void Log_axes_label_decades_or_finer_steps_when_the_range_is_short()
    {
        Assert.Equal(["0.0001", "0.001", "0.01", "0.1", "1"], TicksOf(LearningRate).Where(t => t.IsMajor).Select(t => t.Label));
        var units = TicksOf(new RangeParameter("hidden-units", Scale.IntLog, 32, 64)).Where(t => t.IsMajor).Select(t => t.Label).ToList();
        Assert.Equal(["40", "50", "60"], units);
        Assert.Equal(Math.Log10(0.01), ParameterAxis.For(LearningRate).Position(ParamValue.Of(0.01))!.Value, 9);
    }

    [Fact]
    public void Coarse_to_fine_regions_are_drawn_on_the_two_top_parameters_and_the_ranking_finds_them()
    {
        var state = CoarseToFineSweep();
        var ranking = ParameterRanking.Of(state);
        Assert.Equal(["learning-rate", "beta1"], ranking.Take(2).Select(r => r.Name));
        Assert.Equal("noise", ranking[2].Name);
        Assert.Equal(1.0, ranking.Sum(r => r.Importance), 9);

        var plot = TopPairPlot.Draw(state, ranking)!;
        Assert.Equal(3, plot.GetPlottables().OfType<ScottPlot.Plottables.Rectangle>().Count());

        var files = SweepReport.Write(state, "completed", _directory);
        Assert.Contains(Path.Combine(_directory, "top-pair.png"), files);
        Assert.Contains("dashed rectangles are the regions", File.ReadAllText(Path.Combine(_directory, SweepReport.PageFile)));
    }

    [Fact]
    public void History_gives_the_lowest_and_highest_trial_a_margin_inside_the_axis()
    {
        var state = Sweep([[0.2], [0.9], [0.55], [0.31]]);
        var plot = HistoryPlot.Draw(state)!;
        plot.GetImage(960, 460);
        var limits = plot.Axes.GetLimits();
        // A tenth of the range (0.7) each side: far more than a marker's radius (4 px of a ~300 px high data area).
        Assert.Equal(0.2 - 0.07, limits.Bottom, 9);
        Assert.Equal(0.9 + 0.07, limits.Top, 9);
        var single = HistoryPlot.Draw(Sweep([[0.5]]))!;
        single.GetImage(960, 460);
        Assert.Equal((0.475, 0.525), (Math.Round(single.Axes.GetLimits().Bottom, 9), Math.Round(single.Axes.GetLimits().Top, 9)));
    }

    [Fact]
    public void Without_an_importance_ranking_the_pair_plot_says_it_shows_the_first_two_searched_parameters()
    {
        var state = Sweep([[0.2], [0.9]]);
        var ranking = ParameterRanking.Of(state);
        Assert.Empty(ranking);
        Assert.Equal("The first two searched parameters", TopPairPlot.Heading(ranking));
        SweepReport.Write(state, "completed", _directory);
        var page = File.ReadAllText(Path.Combine(_directory, SweepReport.PageFile));
        Assert.Contains("The first two searched parameters", page);
        Assert.DoesNotContain("most important", page);
    }

    [Fact]
    public void Learning_curves_mark_the_epoch_where_a_pbt_trial_copied_another()
    {
        var state = Sweep([[0.5, 0.6, 0.7], [0.3, 0.35, 0.68]]);
        var config = state.Trial(1).Config;
        state = state.Apply(new TrialConfigChanged(2, 2, 1, 2, config, "exploit: copied trial 1"))
            .Apply(new TrialConfigChanged(1, 1, 1, 1, config, "set by a babysitter")); // copies nothing: no mark
        var exploit = Assert.Single(LearningCurvesPlot.Exploits(state));
        Assert.Equal(new LearningCurvesPlot.Exploit(2, 2, 1, 0.35), exploit);

        var plot = LearningCurvesPlot.Draw(state)!;
        var markers = Assert.Single(plot.GetPlottables().OfType<ScottPlot.Plottables.Markers>(), m => m.LegendText == LearningCurvesPlot.ExploitLabel);
        Assert.Equal([new Coordinates(2, 0.35)], markers.Data.GetScatterPoints());
    }

    /// <summary>A finished random sweep over learning-rate and beta1, one trial per list of epoch values.</summary>
    private static SweepState Sweep(double[][] trials)
    {
        var space = new SearchSpace([LearningRate, Beta1]);
        var spec = new SweepSpec("small", 1, null, ComponentSpec.Named("synthetic"), "val_accuracy", Goal.Max, 3, trials.Length, 2,
            ComponentSpec.Named("random"), ComponentSpec.Named("none"), space);
        var at = DateTimeOffset.UnixEpoch;
        var state = SweepState.Empty.Apply(new SweepDefined(spec, "", at));
        var random = new Random(3);
        for (var id = 1; id <= trials.Length; id++)
        {
            var config = new TrialConfig(new Dictionary<string, ParamValue>
            {
                ["learning-rate"] = LearningRate.FromUnit(random.NextDouble()),
                ["beta1"] = Beta1.FromUnit(random.NextDouble()),
            });
            state = state.Apply(new TrialProposed(id, config, 1)).Apply(new TrialStarted(id, 1, "local", 0, at));
            for (var epoch = 1; epoch <= trials[id - 1].Length; epoch++)
            {
                state = state.Apply(new EpochReported(id, 1, epoch, ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal,
                    [new KeyValuePair<string, double>("val_accuracy", trials[id - 1][epoch - 1])]), 0.01));
            }
            state = state.Apply(new TrialEnded(id, 1, TrialStatus.Completed, null, at));
        }
        return state.Apply(new SweepCompleted(at));
    }

    /// <summary>
    /// Trial 2 copies trial 1 after epoch 1 (population-based training) with a ten times larger learning rate, and
    /// its best epoch comes after that: the plot puts it at the learning rate that epoch trained with.
    /// </summary>
    [Fact]
    public void Top_pair_plots_a_trial_at_the_hyperparameters_of_its_best_epoch()
    {
        var space = new SearchSpace([LearningRate, Beta1]);
        var spec = new SweepSpec("pbt", 1, null, ComponentSpec.Named("synthetic"), "val_accuracy", Goal.Max, 3, 2, 2,
            ComponentSpec.Named("random"), ComponentSpec.Named("pbt"), space);
        var at = DateTimeOffset.UnixEpoch;
        TrialConfig Config(double lr) => new(new Dictionary<string, ParamValue> { ["learning-rate"] = ParamValue.Of(lr), ["beta1"] = ParamValue.Of(0.99) });
        ImmutableSortedDictionary<string, double> Accuracy(double value) =>
            ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [new KeyValuePair<string, double>("val_accuracy", value)]);
        var state = SweepState.Empty.Apply(new SweepDefined(spec, "", at))
            .Apply(new TrialProposed(1, Config(0.001), 1))
            .Apply(new TrialProposed(2, Config(0.1), 1))
            .Apply(new TrialStarted(1, 1, "local", 0, at))
            .Apply(new TrialStarted(2, 1, "local", 0, at))
            .Apply(new EpochReported(1, 1, 1, Accuracy(0.5), 0.01))
            .Apply(new EpochReported(2, 1, 1, Accuracy(0.2), 0.01))
            .Apply(new TrialConfigChanged(2, 1, 1, 1, Config(0.01), "pbt"))
            .Apply(new TrialStarted(2, 2, "local", 1, at))
            .Apply(new EpochReported(2, 2, 2, Accuracy(0.9), 0.01))
            .Apply(new EpochReported(1, 1, 2, Accuracy(0.6), 0.01));

        var plot = TopPairPlot.Draw(state, [])!;
        var best = plot.GetPlottables().OfType<ScottPlot.Plottables.Marker>().Single(m => m.LegendText == "best: trial 2");
        Assert.Equal(Math.Log10(0.01), best.Location.X, 9);
    }

    /// <summary>
    /// Three rounds of 12 trials, each round sampling a smaller region around the optimum (at 0.9 and 0.95 of the
    /// unit ranges of learning-rate and beta1); the value falls with the distance on both parameters' own scales,
    /// faster on the learning rate, and noise does not matter.
    /// </summary>
    private static SweepState CoarseToFineSweep()
    {
        var space = new SearchSpace([LearningRate, Beta1, Noise]);
        var spec = new SweepSpec("c2f", 1, null, ComponentSpec.Named("synthetic"), "val_accuracy", Goal.Max, 3, 36, 2,
            ComponentSpec.Named("coarse-to-fine"), ComponentSpec.Named("none"), space);
        var at = DateTimeOffset.UnixEpoch;
        var state = SweepState.Empty.Apply(new SweepDefined(spec, "", at));
        var random = new Random(5);
        var id = 0;
        // Off-centre, so that a rank correlation sees each parameter's effect.
        var (optimumLr, optimumBeta) = (0.9, 0.95);
        foreach (var (round, half) in new[] { (1, 0.5), (2, 0.25), (3, 0.1) })
        {
            var (lrLow, lrHigh) = (Math.Max(0, optimumLr - half), Math.Min(1, optimumLr + half));
            var (betaLow, betaHigh) = (Math.Max(0, optimumBeta - half), Math.Min(1, optimumBeta + half));
            state = state.Apply(new RegionNarrowed(new SearchRegion(round,
            [
                new ParameterRegion("learning-rate", LearningRate.FromUnit(lrLow).Number, LearningRate.FromUnit(lrHigh).Number, null),
                new ParameterRegion("beta1", Beta1.FromUnit(betaLow).Number, Beta1.FromUnit(betaHigh).Number, null),
            ])));
            for (var i = 0; i < 12; i++)
            {
                var (u, v) = (lrLow + random.NextDouble() * (lrHigh - lrLow), betaLow + random.NextDouble() * (betaHigh - betaLow));
                var config = new TrialConfig(new Dictionary<string, ParamValue>
                {
                    ["learning-rate"] = LearningRate.FromUnit(u),
                    ["beta1"] = Beta1.FromUnit(v),
                    ["noise"] = Noise.FromUnit(random.NextDouble()),
                });
                var value = 0.95 - 0.8 * Math.Abs(u - optimumLr) - 0.5 * Math.Abs(v - optimumBeta);
                state = state.Apply(new TrialProposed(++id, config, round))
                    .Apply(new TrialStarted(id, 1, "local", 0, at))
                    .Apply(new EpochReported(id, 1, 1, ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal,
                        [new KeyValuePair<string, double>("val_accuracy", value)]), 0.01))
                    .Apply(new TrialEnded(id, 1, value < 0.5 ? TrialStatus.Pruned : TrialStatus.Completed, null, at));
            }
        }
        return state.Apply(new SweepCompleted(at));
    }
}
