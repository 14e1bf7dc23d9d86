using ActorTune.Model.Analysis;
using ActorTune.Model.State;

namespace ActorTune.Host.Dashboard;

/// <summary>
/// A sweep page's JSON (<see cref="SweepView"/>), built once per version of the sweep (its state, status and
/// importance) however many pages and event streams ask: for a 10,000-trial sweep the build is the costly part of a request.
/// </summary>
public sealed class SweepViewCache
{
    private readonly SweepCache _cache;
    private readonly Dictionary<string, (SweepState State, string Status, HyperparameterImportance? Importance, bool Computing, SweepView View)> _views =
        new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public SweepViewCache(SweepCache cache)
    {
        _cache = cache;
    }

    public async Task<SweepView?> GetAsync(string name)
    {
        if (await _cache.GetAsync(name) is not var (state, status))
        {
            return null;
        }
        var (importance, computing) = _cache.ImportanceOf(name, state);
        lock (_lock)
        {
            if (_views.TryGetValue(name, out var view) && ReferenceEquals(view.State, state) && view.Status == status &&
                ReferenceEquals(view.Importance, importance) && view.Computing == computing)
            {
                return view.View;
            }
        }
        var built = SweepView.Of(DashboardViews.Sweep(state, status, (importance, computing)));
        lock (_lock)
        {
            _views[name] = (state, status, importance, computing, built);
        }
        return built;
    }
}
