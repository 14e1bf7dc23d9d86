using System.Collections.Immutable;
using System.Text.Json;
using ActorTune.Model.Space;
using ActorTune.Model.State;
using ActorTune.Model.Sweep;

namespace ActorTune.Actors.Persistence;

/// <summary>
/// A compact, versioned binary form of <see cref="SweepState"/> for the read-side state projection
/// (<c>actortune_sweep_states</c>): a 20,000-trial sweep is a 37 MB JSON snapshot, slow to parse; here the bulk
/// (trials, configs, epochs) is numbers and indexes into a table of the names that repeat on every trial (metric
/// and parameter names, nodes, reasons). The rare, small, nested parts (the spec, regions, PBT schedules,
/// interventions) stay JSON inside it. Any change of what is written takes a new <see cref="Version"/>: a reader
/// meeting another version (or a damaged payload) returns null, and the projection is rebuilt from the log.
/// </summary>
public static class SweepStateBinary
{
    /// <summary>Bumped on any change of layout or of the fields written.</summary>
    public const int Version = 1;

    private static ReadOnlySpan<byte> Magic => "ATSS"u8;

    public static byte[] Write(SweepState state)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(Magic);
            writer.Write(Version);
            var names = new Dictionary<string, int>(StringComparer.Ordinal);
            writer.Write(state.EventCount);
            WriteJson(writer, state.Spec);
            writer.Write((byte)state.Status);
            WriteJson(writer, state.Regions);
            WriteTime(writer, state.DefinedAt);
            WriteTime(writer, state.CompletedAt);
            writer.Write(state.RunningCount);
            writer.Write(state.FinishedCount);
            writer.Write(state.BestTrialId ?? -1);
            writer.Write(state.RunningSeconds);
            writer.Write(state.TimeBudgetSpent);
            writer.Write(state.Trials.Count);
            foreach (var trial in state.Trials)
            {
                WriteTrial(writer, trial, names);
            }
        }
        return stream.ToArray();
    }

    /// <summary>The state, or null when <paramref name="data"/> is of another version or damaged (then rebuild it).</summary>
    public static SweepState? Read(byte[] data)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(data, writable: false));
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic) || reader.ReadInt32() != Version)
            {
                return null;
            }
            var names = new List<string>();
            var eventCount = reader.ReadInt64();
            var spec = ReadJson<SweepSpec>(reader);
            var status = (SweepStatus)reader.ReadByte();
            var regions = ReadJson<ImmutableList<SearchRegion>>(reader) ?? ImmutableList<SearchRegion>.Empty;
            var definedAt = ReadTime(reader);
            var completedAt = ReadTime(reader);
            var running = reader.ReadInt32();
            var finished = reader.ReadInt32();
            var best = reader.ReadInt32();
            var seconds = reader.ReadDouble();
            var budgetSpent = reader.ReadBoolean();
            var count = reader.ReadInt32();
            var trials = ImmutableList.CreateBuilder<TrialState>();
            for (var i = 0; i < count; i++)
            {
                trials.Add(ReadTrial(reader, names));
            }
            if (reader.BaseStream.Position != reader.BaseStream.Length)
            {
                return null;
            }
            return new SweepState(spec, status, trials.ToImmutable(), regions, definedAt, completedAt, eventCount,
                running, finished, best < 0 ? null : best, seconds, budgetSpent);
        }
        catch (Exception)
        {
            // Damaged in any way (a count or length read from garbage, JSON that does not parse): rebuild it.
            return null;
        }
    }

    private static void WriteTrial(BinaryWriter writer, TrialState trial, Dictionary<string, int> names)
    {
        writer.Write(trial.Id);
        WriteConfig(writer, trial.Config, names);
        writer.Write(trial.Round);
        writer.Write((byte)trial.Status);
        writer.Write(trial.Attempt);
        WriteName(writer, trial.Node, names);
        WriteName(writer, trial.Reason, names);
        WriteTime(writer, trial.StartedAt);
        WriteTime(writer, trial.EndedAt);
        writer.Write(trial.ResumedFrom);
        writer.Write(trial.BestValue.HasValue);
        writer.Write(trial.BestValue ?? 0);
        writer.Write7BitEncodedInt(trial.Epochs.Count);
        foreach (var epoch in trial.Epochs)
        {
            writer.Write7BitEncodedInt(epoch.Epoch);
            writer.Write(epoch.Seconds);
            writer.Write7BitEncodedInt(epoch.Metrics.Count);
            foreach (var (metric, value) in epoch.Metrics)
            {
                WriteName(writer, metric, names);
                writer.Write(value);
            }
        }
        WriteJson(writer, trial.Schedule);
        WriteJson(writer, trial.Interventions);
    }

    private static TrialState ReadTrial(BinaryReader reader, List<string> names)
    {
        var id = reader.ReadInt32();
        var config = ReadConfig(reader, names);
        var round = reader.ReadInt32();
        var status = (TrialStatus)reader.ReadByte();
        var attempt = reader.ReadInt32();
        var node = ReadName(reader, names);
        var reason = ReadName(reader, names);
        var startedAt = ReadTime(reader);
        var endedAt = ReadTime(reader);
        var resumedFrom = reader.ReadInt32();
        var hasBest = reader.ReadBoolean();
        var best = reader.ReadDouble();
        var epochCount = reader.Read7BitEncodedInt();
        var epochs = ImmutableList.CreateBuilder<EpochRecord>();
        for (var i = 0; i < epochCount; i++)
        {
            var epoch = reader.Read7BitEncodedInt();
            var seconds = reader.ReadDouble();
            var metricCount = reader.Read7BitEncodedInt();
            // The default comparer, as the events' JSON gives it: the same dictionary a replay builds.
            var metrics = ImmutableSortedDictionary.CreateBuilder<string, double>();
            for (var m = 0; m < metricCount; m++)
            {
                var metric = ReadName(reader, names) ?? throw new FormatException("a metric without a name");
                metrics[metric] = reader.ReadDouble();
            }
            epochs.Add(new EpochRecord(epoch, metrics.ToImmutable(), seconds));
        }
        var schedule = ReadJson<ImmutableList<ConfigChange>>(reader);
        var interventions = ReadJson<ImmutableList<Intervention>>(reader);
        return new TrialState(id, config, round, status, attempt, node, epochs.ToImmutable(), reason, startedAt, endedAt,
            resumedFrom, hasBest ? best : null, schedule, interventions);
    }

    private static void WriteConfig(BinaryWriter writer, TrialConfig config, Dictionary<string, int> names)
    {
        writer.Write7BitEncodedInt(config.Values.Count);
        foreach (var (name, value) in config.Values)
        {
            WriteName(writer, name, names);
            writer.Write(value.IsNumber);
            if (value.IsNumber)
            {
                writer.Write(value.Number);
            }
            else
            {
                WriteName(writer, value.Text, names);
            }
        }
    }

    private static TrialConfig ReadConfig(BinaryReader reader, List<string> names)
    {
        var count = reader.Read7BitEncodedInt();
        var values = ImmutableSortedDictionary.CreateBuilder<string, ParamValue>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var name = ReadName(reader, names) ?? throw new FormatException("a parameter without a name");
            values[name] = reader.ReadBoolean()
                ? ParamValue.Of(reader.ReadDouble())
                : ParamValue.Of(ReadName(reader, names) ?? throw new FormatException("a word without text"));
        }
        return new TrialConfig(values.ToImmutable());
    }

    /// <summary>
    /// A string that repeats across trials: 0 for null, k+1 for the k-th string seen so far, and a new string as the
    /// next index followed by its text.
    /// </summary>
    private static void WriteName(BinaryWriter writer, string? name, Dictionary<string, int> names)
    {
        if (name is null)
        {
            writer.Write7BitEncodedInt(0);
            return;
        }
        if (names.TryGetValue(name, out var index))
        {
            writer.Write7BitEncodedInt(index + 1);
            return;
        }
        names[name] = names.Count;
        writer.Write7BitEncodedInt(names.Count);
        writer.Write(name);
    }

    private static string? ReadName(BinaryReader reader, List<string> names)
    {
        var index = reader.Read7BitEncodedInt();
        if (index == 0)
        {
            return null;
        }
        if (index <= names.Count)
        {
            return names[index - 1];
        }
        if (index != names.Count + 1)
        {
            throw new FormatException($"name {index} out of order");
        }
        var name = reader.ReadString();
        names.Add(name);
        return name;
    }

    private static void WriteTime(BinaryWriter writer, DateTimeOffset? time)
    {
        writer.Write(time.HasValue);
        if (time is { } t)
        {
            writer.Write(t.Ticks);
            writer.Write((short)t.Offset.TotalMinutes);
        }
    }

    private static DateTimeOffset? ReadTime(BinaryReader reader)
    {
        if (!reader.ReadBoolean())
        {
            return null;
        }
        var ticks = reader.ReadInt64();
        return new DateTimeOffset(ticks, TimeSpan.FromMinutes(reader.ReadInt16()));
    }

    /// <summary>A small nested value as JSON (the events' own settings), its length first; -1 for null.</summary>
    private static void WriteJson<T>(BinaryWriter writer, T? value)
        where T : class
    {
        if (value is null)
        {
            writer.Write(-1);
            return;
        }
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, ModelJson.Options);
        writer.Write(bytes.Length);
        writer.Write(bytes);
    }

    private static T? ReadJson<T>(BinaryReader reader)
        where T : class
    {
        var length = reader.ReadInt32();
        if (length < 0)
        {
            return null;
        }
        if (length > reader.BaseStream.Length - reader.BaseStream.Position)
        {
            throw new EndOfStreamException();
        }
        var bytes = reader.ReadBytes(length);
        return JsonSerializer.Deserialize<T>(bytes, ModelJson.Options);
    }
}
