namespace ActorTune.Model.Data;

/// <summary>A data file that cannot be used, with the file and (where there is one) the 1-based line at fault.</summary>
public sealed class DataFormatException : Exception
{
    public DataFormatException(string path, int? line, string problem)
        : base(line is { } l ? $"{path} line {l}: {problem}" : $"{path}: {problem}")
    {
        Path = path;
        Line = line;
    }

    public string Path { get; }

    public int? Line { get; }
}
