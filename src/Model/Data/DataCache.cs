using ActorTune.Model.Sweep;

namespace ActorTune.Model.Data;

/// <summary>
/// Loads each data set once per process and shares it read-only among all trials that use it. Keyed by the
/// spec and the file's size and time, so a file changed on disk is read again. Only the most recently used few
/// stay cached: a host that runs sweeps for weeks on ever new files must not keep every one it ever read
/// (trials that still train on an evicted set hold their own reference to it).
/// </summary>
public static class DataCache
{
    public const int Capacity = 4;

    private static readonly Lock Gate = new();
    private static readonly Dictionary<(DataSpec Spec, long Length, DateTime Written), Entry> Loaded = new();
    private static long _clock;

    private sealed class Entry(Lazy<IReadOnlyList<PreparedData>> data)
    {
        public Lazy<IReadOnlyList<PreparedData>> Data { get; } = data;

        public long LastUsed { get; set; }
    }

    /// <summary>The sweep's splits: one held-out split, or one per fold under <c>data.folds</c>.</summary>
    public static IReadOnlyList<PreparedData> Get(DataSpec spec)
    {
        var info = new FileInfo(spec.Path);
        if (!info.Exists)
        {
            throw new DataFormatException(spec.Path, null, "file not found");
        }
        var key = (spec, info.Length, info.LastWriteTimeUtc);
        Entry entry;
        lock (Gate)
        {
            if (!Loaded.TryGetValue(key, out entry!))
            {
                entry = new Entry(new Lazy<IReadOnlyList<PreparedData>>(() =>
                    PreparedData.Splits(CsvDataLoader.Load(spec.Path, spec.LabelColumn, spec.Header), spec)));
                Loaded[key] = entry;
            }
            entry.LastUsed = ++_clock;
            while (Loaded.Count > Capacity)
            {
                Loaded.Remove(Loaded.MinBy(pair => pair.Value.LastUsed).Key);
            }
        }
        try
        {
            // Loaded outside the lock: trials of other data sets need not wait for a large file.
            return entry.Data.Value;
        }
        catch
        {
            lock (Gate)
            {
                if (Loaded.TryGetValue(key, out var current) && ReferenceEquals(current, entry))
                {
                    Loaded.Remove(key);
                }
            }
            throw;
        }
    }
}
