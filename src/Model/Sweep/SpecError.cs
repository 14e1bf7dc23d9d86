namespace ActorTune.Model.Sweep;

/// <summary>What is wrong with a sweep file, and where: the full key path (sweep.space.learning-rate.min) or a CSV line.</summary>
public sealed record SpecError(string Where, string Message)
{
    public override string ToString() => $"{Where}: {Message}";
}

/// <summary>Thrown when input is refused before anything runs; the host turns it into exit code 2.</summary>
public sealed class InvalidSweepException : Exception
{
    public InvalidSweepException(string source, IReadOnlyList<SpecError> errors)
        : base(string.Join(Environment.NewLine, errors.Select(e => $"{source}: {e}")))
    {
        Source = source;
        Errors = errors;
    }

    public new string Source { get; }

    public IReadOnlyList<SpecError> Errors { get; }
}
