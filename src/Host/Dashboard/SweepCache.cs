using ActorTune.Actors.Sweeps;
using ActorTune.Model.Analysis;
using ActorTune.Model.State;
using ActorTune.Model.Strategies;

namespace ActorTune.Host.Dashboard;

/// <summary>
/// The dashboard's view of the database: each sweep's state read from its log (<see cref="SweepStore"/>, the reader
/// <c>show</c> uses). Only the first request for a sweep waits for that read; after it, pages get the state in hand
/// while the events written since are folded into it in the background (<see cref="SweepTail"/>) at most once per
/// <see cref="Freshness"/>, and a completed or cancelled sweep is never read again. Importance (a random forest)
/// is computed in the background too, on at most <see cref="ImportanceTrials"/> trials, and again only when more
/// trials have finished and <see cref="ImportanceEvery"/> has passed.
/// </summary>
public sealed class SweepCache
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ImportanceEvery = TimeSpan.FromSeconds(10);
    public const int ImportanceTrials = HyperparameterImportance.MaxTrials;

    private readonly SweepStore _store;
    private readonly SweepTail _tail;
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private (DateTime At, Task<IReadOnlyList<string>> Names)? _names;
    private long _wholeReads;
    private long _tailReads;

    public SweepCache(SweepStore store, SweepTail tail)
    {
        _store = store;
        _tail = tail;
    }

    /// <summary>How many times a sweep's log was read whole, and how many times only its new events were (for <c>/api/info</c>).</summary>
    public (long Whole, long Tail) Reads => (Interlocked.Read(ref _wholeReads), Interlocked.Read(ref _tailReads));

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
        Task<(SweepState, string)> load;
        lock (_lock)
        {
            if (!_entries.TryGetValue(name, out var entry) || entry.Current is null)
            {
                // Nothing in hand yet (or the last read failed): this request waits for the read.
                if (entry?.Loading is not { IsFaulted: false } loading)
                {
                    loading = ReadAsync(name, null);
                    entry = new Entry(null, DateTime.UtcNow, loading, entry?.Importance);
                    _entries[name] = entry;
                }
                load = loading;
            }
            else
            {
                if (entry.Loading is null && DateTime.UtcNow - entry.LoadedAt > Freshness && !IsFinal(entry.Current.Value.State))
                {
                    _entries[name] = entry with { Loading = ReadAsync(name, entry.Current.Value.State) };
                }
                return entry.Current;
            }
        }
        var read = await load;
        return read.Item1.Spec is null ? null : read;
    }

    private static bool IsFinal(SweepState state) => state.Status is SweepStatus.Completed or SweepStatus.Cancelled;

    /// <param name="known">The state in hand, brought up to date; null: read the whole log.</param>
    private async Task<(SweepState, string)> ReadAsync(string name, SweepState? known)
    {
        try
        {
            Interlocked.Increment(ref known is null ? ref _wholeReads : ref _tailReads);
            var state = known is null ? await _store.LoadAsync(name) : await _tail.FollowAsync(name, known);
            var read = (state, state.Spec is null ? "" : _store.StatusOf(name, state));
            lock (_lock)
            {
                _entries[name] = _entries.TryGetValue(name, out var entry)
                    ? entry with { Current = state.Spec is null ? null : read, LoadedAt = DateTime.UtcNow, Loading = null }
                    : new Entry(state.Spec is null ? null : read, DateTime.UtcNow, null, null);
            }
            return read;
        }
        catch
        {
            lock (_lock)
            {
                if (_entries.TryGetValue(name, out var entry))
                {
                    _entries[name] = entry with { Loading = null, LoadedAt = DateTime.UtcNow };
                }
            }
            throw;
        }
    }

    /// <summary>The last importance computed for the sweep (null until the first is ready); starts a new one when due.</summary>
    public (HyperparameterImportance? Value, bool Computing) ImportanceOf(string name, SweepState state)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(name, out var entry))
            {
                return (null, false);
            }
            var known = entry.Importance;
            var due = known is null || (known.Finished != state.Finished && DateTime.UtcNow - known.At > ImportanceEvery);
            if (due && known?.Computing is not { IsCompleted: false })
            {
                var computing = Task.Run(() => Compute(state));
                known = new ImportanceEntry(DateTime.UtcNow, state.Finished, known?.Value, computing);
                _entries[name] = entry with { Importance = known };
                computing.ContinueWith(task =>
                {
                    lock (_lock)
                    {
                        if (task.IsCompletedSuccessfully && _entries.TryGetValue(name, out var latest) && latest.Importance is { } current)
                        {
                            _entries[name] = latest with { Importance = current with { Value = task.Result, At = DateTime.UtcNow } };
                        }
                    }
                }, TaskScheduler.Default);
            }
            return (known!.Value, known.Computing is { IsCompleted: false });
        }
    }

    /// <summary>fANOVA as <c>show</c> computes it: on a seeded sample when more than <see cref="ImportanceTrials"/> trials have a value.</summary>
    private static HyperparameterImportance? Compute(SweepState state) => HyperparameterImportance.Of(SearchHistory.From(state));

    private sealed record Entry(
        (SweepState State, string Status)? Current, DateTime LoadedAt, Task<(SweepState, string)>? Loading, ImportanceEntry? Importance);

    private sealed record ImportanceEntry(DateTime At, int Finished, HyperparameterImportance? Value, Task<HyperparameterImportance?>? Computing);
}
