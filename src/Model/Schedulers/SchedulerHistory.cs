using ActorTune.Model.Space;

namespace ActorTune.Model.Schedulers;

/// <summary>
/// Every trial's score at every epoch so far (the current attempt's), in the direction "larger is better"
/// whatever the sweep's goal, so that every rule is written once. What a scheduler decides from; rebuilt from
/// the log on recovery.
/// </summary>
public sealed class SchedulerHistory
{
    private readonly Dictionary<int, List<double>> _scores = new();
    private readonly Dictionary<int, TrialConfig> _configs = new();

    /// <summary>The hyperparameters a trial trains with now (population-based training changes them).</summary>
    public void SetConfig(int trialId, TrialConfig config) => _configs[trialId] = config;

    public TrialConfig? Config(int trialId) => _configs.GetValueOrDefault(trialId);

    /// <summary>Records trial <paramref name="trialId"/>'s score at <paramref name="epoch"/> (1-based, in order).</summary>
    public void Record(int trialId, int epoch, double score)
    {
        if (!_scores.TryGetValue(trialId, out var scores))
        {
            _scores[trialId] = scores = [];
        }
        if (epoch == scores.Count + 1)
        {
            scores.Add(double.IsFinite(score) ? score : double.NegativeInfinity);
        }
    }

    /// <summary>A restart from a checkpoint: the epochs after <paramref name="fromEpoch"/> will be reported again.</summary>
    public void Restart(int trialId, int fromEpoch)
    {
        if (_scores.TryGetValue(trialId, out var scores) && scores.Count > fromEpoch)
        {
            scores.RemoveRange(fromEpoch, scores.Count - fromEpoch);
        }
    }

    public IEnumerable<int> Trials => _scores.Keys;

    public int Epochs(int trialId) => _scores.TryGetValue(trialId, out var scores) ? scores.Count : 0;

    /// <summary>The score at the trial's newest epoch, or null before its first.</summary>
    public double? Latest(int trialId) => _scores.TryGetValue(trialId, out var scores) && scores.Count > 0 ? scores[^1] : null;

    /// <summary>The score at an epoch, or null if the trial has not reached it.</summary>
    public double? At(int trialId, int epoch) =>
        _scores.TryGetValue(trialId, out var scores) && epoch >= 1 && epoch <= scores.Count ? scores[epoch - 1] : null;

    /// <summary>The best score up to and including an epoch, or null if the trial has not reached it.</summary>
    public double? BestUpTo(int trialId, int epoch)
    {
        if (!_scores.TryGetValue(trialId, out var scores) || epoch < 1 || epoch > scores.Count)
        {
            return null;
        }
        var best = double.NegativeInfinity;
        for (var i = 0; i < epoch; i++)
        {
            best = Math.Max(best, scores[i]);
        }
        return best;
    }
}
