using System.Collections.Concurrent;
using ActorTune.Model.Sweep;

namespace ActorTune.Model.Data;

/// <summary>
/// Loads each data set once per process and shares it read-only among all trials that use it. Keyed by the
/// spec and the file's size and time, so a file changed on disk is read again.
/// </summary>
public static class DataCache
{
    private static readonly ConcurrentDictionary<(DataSpec Spec, long Length, DateTime Written), Lazy<PreparedData>> Loaded = new();

    public static PreparedData Get(DataSpec spec)
    {
        var info = new FileInfo(spec.Path);
        if (!info.Exists)
        {
            throw new DataFormatException(spec.Path, null, "file not found");
        }
        var key = (spec, info.Length, info.LastWriteTimeUtc);
        var lazy = Loaded.GetOrAdd(key, k => new Lazy<PreparedData>(() =>
            PreparedData.From(CsvDataLoader.Load(k.Spec.Path, k.Spec.LabelColumn, k.Spec.Header), k.Spec.Validation)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            Loaded.TryRemove(key, out _);
            throw;
        }
    }
}
