using ActorTune.Actors.Sweeps;
using ActorTune.Model.Analysis;
using ActorTune.Model.State;

namespace ActorTune.Host.Dashboard;

/// <summary>
/// The dashboard's view of the database: each sweep's state read from its log (<see cref="SweepStore"/>, the reader
/// <c>show</c> uses) at most once per <see cref="Freshness"/>, however many pages and event streams ask, and the
/// importance (a random forest) recomputed only when more trials have finished and at most every few seconds.
/// </summary>
public sealed class SweepCache
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ImportanceEvery = TimeSpan.FromSeconds(10);

    private readonly SweepStore _store;
    private readonly Func<string, SweepState, string> _statusOf;
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private (DateTime At, Task<IReadOnlyList<string>> Names)? _names;

    public SweepCache(SweepStore store, Func<string, SweepState, string>? statusOf = null)
    {
        _store = store;
        _statusOf = statusOf ?? store.StatusOf;
    }

    public Task<IReadOnlyList<string>> NamesAsync()
    {
        lock (_lock)
        {
            if (_names is not { } names || DateTime.UtcNow - names.At > Freshness || names.Names.IsFaulted)
            {
                _names = (DateTime.UtcNow, _store.NamesAsync());
            }
            return _names.Value.Names;
        }
    }

    /// <summary>The sweep's state and the status a person should read; null when there is no such sweep.</summary>
    public async Task<(SweepState State, string Status)?> GetAsync(string name)
    {
        Task<SweepState> load;
        lock (_lock)
        {
            if (!_entries.TryGetValue(name, out var entry) || DateTime.UtcNow - entry.LoadedAt > Freshness || entry.State.IsFaulted)
            {
                entry = new Entry(DateTime.UtcNow, _store.LoadAsync(name), entry?.Importance ?? (DateTime.MinValue, -1, null));
                _entries[name] = entry;
            }
            load = entry.State;
        }
        var state = await load;
        return state.Spec is null ? null : (state, _statusOf(name, state));
    }

    public HyperparameterImportance? ImportanceOf(string name, SweepState state)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(name, out var entry) && entry.Importance is var (at, finished, importance) &&
                (finished == state.Finished || DateTime.UtcNow - at < ImportanceEvery) && finished >= 0)
            {
                return importance;
            }
        }
        var fresh = HyperparameterImportance.Of(state);
        lock (_lock)
        {
            if (_entries.TryGetValue(name, out var entry))
            {
                _entries[name] = entry with { Importance = (DateTime.UtcNow, state.Finished, fresh) };
            }
        }
        return fresh;
    }

    private sealed record Entry(DateTime LoadedAt, Task<SweepState> State, (DateTime At, int Finished, HyperparameterImportance? Value) Importance);
}
