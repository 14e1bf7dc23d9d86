namespace ActorTune.Model.Training;

/// <summary>
/// k-fold cross-validation around any trainable that trains on <see cref="TrialContext.Data"/>: k inner trainables,
/// one per fold (each with its fold held out and its own standardisation), trained epoch by epoch side by side.
/// An epoch's metrics are the mean over the folds, per metric, so schedulers and strategies see one number as
/// they would for a single split; a checkpoint holds all k states.
/// </summary>
public sealed class CrossValidatedTrainable : ITrainable
{
    private const int Magic = 0x56435441; // "ATCV", little-endian
    private const int Version = 1;

    private readonly IReadOnlyList<ITrainable> _folds;

    public CrossValidatedTrainable(IReadOnlyList<ITrainable> folds)
    {
        if (folds.Count < 2)
        {
            throw new ArgumentException($"cross-validation needs at least 2 folds, got {folds.Count}");
        }
        _folds = folds;
    }

    public int Folds => _folds.Count;

    /// <summary>Every fold trains this epoch; a metric is averaged over the folds that report it (all of them, for ours).</summary>
    public IReadOnlyDictionary<string, double> RunEpoch(int epoch)
    {
        var sums = new Dictionary<string, (double Sum, int Count)>();
        foreach (var fold in _folds)
        {
            foreach (var (name, value) in fold.RunEpoch(epoch))
            {
                var (sum, count) = sums.GetValueOrDefault(name);
                sums[name] = (sum + value, count + 1);
            }
        }
        return sums.ToDictionary(p => p.Key, p => p.Value.Sum / p.Value.Count);
    }

    public byte[] SaveCheckpoint() => Join(_folds.Select(f => f.SaveCheckpoint()).ToList());

    public void LoadCheckpoint(byte[] state)
    {
        var parts = Split(state);
        if (parts.Count != _folds.Count)
        {
            throw new InvalidDataException($"the checkpoint holds {parts.Count} folds where this sweep has {_folds.Count}");
        }
        for (var i = 0; i < parts.Count; i++)
        {
            _folds[i].LoadCheckpoint(parts[i]);
        }
    }

    public void Dispose()
    {
        foreach (var fold in _folds)
        {
            fold.Dispose();
        }
    }

    /// <summary>Whether <paramref name="checkpoint"/> was written by a cross-validated trial.</summary>
    public static bool IsCrossValidated(byte[] checkpoint) =>
        checkpoint.Length >= 8 && BitConverter.ToInt32(checkpoint, 0) == Magic;

    /// <summary>The per-fold checkpoints inside a cross-validated one: a magic number, a version, k, then k length-prefixed states.</summary>
    public static IReadOnlyList<byte[]> Split(byte[] checkpoint)
    {
        using var reader = new BinaryReader(new MemoryStream(checkpoint));
        if (!IsCrossValidated(checkpoint) || reader.ReadInt32() != Magic)
        {
            throw new InvalidDataException("not a cross-validated checkpoint");
        }
        var version = reader.ReadInt32();
        if (version != Version)
        {
            throw new InvalidDataException($"cross-validated checkpoint version {version} is not {Version}");
        }
        var count = reader.ReadInt32();
        var parts = new List<byte[]>(count);
        for (var i = 0; i < count; i++)
        {
            var length = reader.ReadInt32();
            var part = reader.ReadBytes(length);
            if (part.Length != length)
            {
                throw new InvalidDataException("cross-validated checkpoint ends early");
            }
            parts.Add(part);
        }
        return parts;
    }

    private static byte[] Join(IReadOnlyList<byte[]> parts)
    {
        var joined = new byte[12 + parts.Sum(p => 4 + p.Length)];
        using var writer = new BinaryWriter(new MemoryStream(joined));
        writer.Write(Magic);
        writer.Write(Version);
        writer.Write(parts.Count);
        foreach (var part in parts)
        {
            writer.Write(part.Length);
            writer.Write(part);
        }
        return joined;
    }
}
