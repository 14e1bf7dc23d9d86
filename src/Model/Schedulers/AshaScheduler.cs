using System.Globalization;

namespace ActorTune.Model.Schedulers;

/// <summary>
/// Asynchronous successive halving (Li et al., 2018). Rungs sit at grace·ηᵏ epochs below the epoch budget.
/// When a trial reaches a rung it goes on only if its score there is in the top 1/η of the scores every trial
/// has recorded at that rung so far (itself included) — so it is promoted as soon as it can be, without
/// waiting for a full bracket. Decisions depend on arrival order by design.
/// </summary>
/// <example><c>scheduler { type = asha, grace = 1, eta = 3 }</c></example>
public sealed class AshaScheduler : ITrialScheduler
{
    public const int DefaultGrace = 1;
    public const double DefaultEta = 3;

    private readonly double _eta;
    private readonly Func<int, bool> _inBracket;
    private readonly string _name;

    public AshaScheduler(int grace, double eta, int maxEpochs)
        : this(grace, eta, maxEpochs, _ => true, "asha")
    {
    }

    /// <param name="inBracket">Which trials share these rungs (Hyperband runs several brackets side by side).</param>
    internal AshaScheduler(int grace, double eta, int maxEpochs, Func<int, bool> inBracket, string name)
    {
        _eta = eta;
        _inBracket = inBracket;
        _name = name;
        Rungs = RungsFor(grace, eta, maxEpochs);
    }

    /// <summary>The epochs at which trials are compared, ascending.</summary>
    public IReadOnlyList<int> Rungs { get; }

    public static IReadOnlyList<int> RungsFor(int grace, double eta, int maxEpochs)
    {
        var rungs = new List<int>();
        for (var r = (double)Math.Max(1, grace); r < maxEpochs; r *= eta)
        {
            var epoch = (int)Math.Round(r);
            if (rungs.Count == 0 || epoch > rungs[^1])
            {
                rungs.Add(epoch);
            }
        }
        return rungs;
    }

    public SchedulerDecision Decide(SchedulerHistory history, int trialId, int epoch)
    {
        if (!Rungs.Contains(epoch) || history.At(trialId, epoch) is not { } mine)
        {
            return SchedulerDecision.Continue;
        }
        var recorded = history.Trials.Where(_inBracket).Select(t => history.At(t, epoch)).OfType<double>().ToList();
        var cutoff = Quantiles.Of(recorded, 1 - 1 / _eta);
        return mine < cutoff
            ? SchedulerDecision.Prune(string.Create(CultureInfo.InvariantCulture,
                $"{_name}: not in the top 1/{_eta:0.##} of {recorded.Count} trials at rung {epoch}"))
            : SchedulerDecision.Continue;
    }
}
