using System.Runtime.InteropServices;

namespace ActorTune.Model.Training.Mlp;

/// <summary>Float arrays in a checkpoint: a length, then the raw bytes (little-endian on every machine we run on).</summary>
internal static class CheckpointArrays
{
    /// <summary>The bytes <see cref="Write"/> takes for these values.</summary>
    public static int Size(ReadOnlySpan<float> values) => sizeof(int) + values.Length * sizeof(float);

    public static void Write(BinaryWriter writer, ReadOnlySpan<float> values)
    {
        writer.Write(values.Length);
        writer.Write(MemoryMarshal.AsBytes(values));
    }

    public static void Read(BinaryReader reader, Span<float> into)
    {
        var length = reader.ReadInt32();
        if (length != into.Length)
        {
            throw new InvalidDataException($"checkpoint holds {length} values where this model has {into.Length}");
        }
        var bytes = MemoryMarshal.AsBytes(into);
        var read = reader.Read(bytes);
        if (read != bytes.Length)
        {
            throw new InvalidDataException("checkpoint ends early");
        }
    }
}
