using ActorTune.Model.State;
using ActorTune.Model.Sweep;

namespace ActorTune.Host.Dashboard;

/// <summary>
/// What a chart of a big sweep draws, chosen on the server so a 10,000-trial page stays light: at most
/// <c>maxCurves</c> learning curves (every running trial first, since those are the ones growing; then the best;
/// then an even sample of the rest, so the spread stays visible), and at most <c>maxPoints</c> points along any axis.
/// </summary>
public static class CurveSampling
{
    public static IReadOnlyList<TrialState> CurvesToDraw(SweepState state, int maxCurves)
    {
        var spec = state.RequireSpec();
        var withEpochs = state.Trials.Where(t => t.Epochs.Count > 0).ToList();
        if (withEpochs.Count <= maxCurves)
        {
            return withEpochs;
        }
        var chosen = new List<TrialState>();
        var taken = new HashSet<int>();
        void Take(IEnumerable<TrialState> trials, int budget)
        {
            foreach (var trial in trials)
            {
                if (budget <= 0 || chosen.Count >= maxCurves)
                {
                    return;
                }
                if (taken.Add(trial.Id))
                {
                    chosen.Add(trial);
                    budget--;
                }
            }
        }
        Take(withEpochs.Where(t => t.Status == TrialStatus.Running), maxCurves / 4);
        Take(Best(withEpochs, spec.Goal), maxCurves / 2);
        var rest = withEpochs.Where(t => !taken.Contains(t.Id)).ToList();
        Take(Spread(rest, maxCurves - chosen.Count), maxCurves);
        return chosen.OrderBy(t => t.Id).ToList();
    }

    /// <summary>Trials with a value, best first.</summary>
    public static IEnumerable<TrialState> Best(IEnumerable<TrialState> trials, Goal goal) =>
        trials.Where(t => t.BestValue is not null).OrderByDescending(t => goal.Score(t.BestValue!.Value)).ThenBy(t => t.Id);

    /// <summary>At most <paramref name="count"/> items evenly spread over the list, first and last included.</summary>
    public static IReadOnlyList<T> Spread<T>(IReadOnlyList<T> items, int count)
    {
        if (items.Count <= count)
        {
            return items;
        }
        if (count <= 0)
        {
            return [];
        }
        if (count == 1)
        {
            return [items[^1]];
        }
        var picked = new List<T>(count);
        var last = -1;
        for (var i = 0; i < count; i++)
        {
            var index = (int)Math.Round(i * (items.Count - 1) / (double)(count - 1));
            if (index != last)
            {
                picked.Add(items[index]);
                last = index;
            }
        }
        return picked;
    }

    /// <summary>The epochs the curves chart shares as its x axis: every epoch up to <paramref name="maxPoints"/>, else an even spread.</summary>
    public static IReadOnlyList<int> EpochGrid(int lastEpoch, int maxPoints) =>
        Spread(Enumerable.Range(1, Math.Max(0, lastEpoch)).ToList(), maxPoints);
}
