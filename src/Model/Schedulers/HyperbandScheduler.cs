namespace ActorTune.Model.Schedulers;

/// <summary>
/// Hyperband's brackets run asynchronously (as Ray Tune's AsyncHyperBand does): trial k joins bracket
/// (k−1) mod B, and bracket s is an ASHA whose first rung is grace·ηˢ — from aggressive early stopping (s = 0)
/// to almost none, so a problem where early scores mislead still gets trials that run long.
/// </summary>
/// <example><c>scheduler { type = hyperband, grace = 1, eta = 3, brackets = 3 }</c></example>
public sealed class HyperbandScheduler : ITrialScheduler
{
    private readonly IReadOnlyList<AshaScheduler> _brackets;

    public HyperbandScheduler(int grace, double eta, int maxEpochs, int? brackets)
    {
        var count = brackets ?? DefaultBrackets(grace, eta, maxEpochs);
        _brackets = Enumerable.Range(0, count)
            .Select(s => new AshaScheduler((int)Math.Round(Math.Max(1, grace) * Math.Pow(eta, s)), eta, maxEpochs,
                t => BracketOf(t, count) == s, $"hyperband bracket {s + 1}"))
            .ToList();
    }

    /// <summary>As many brackets as rungs fit: ⌊log_η(max/grace)⌋ + 1.</summary>
    public static int DefaultBrackets(int grace, double eta, int maxEpochs) =>
        Math.Max(1, (int)Math.Floor(Math.Log((double)maxEpochs / Math.Max(1, grace)) / Math.Log(eta) + 1e-9) + 1);

    public static int BracketOf(int trialId, int brackets) => (trialId - 1) % brackets;

    public SchedulerDecision Decide(SchedulerHistory history, int trialId, int epoch) =>
        _brackets[BracketOf(trialId, _brackets.Count)].Decide(history, trialId, epoch);
}
