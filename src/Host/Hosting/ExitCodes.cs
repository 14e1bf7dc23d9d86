namespace ActorTune.Host.Hosting;

/// <summary>The process's exit codes, as README documents them.</summary>
public static class ExitCodes
{
    public const int Done = 0;
    public const int Failure = 1;
    public const int BadInput = 2;
    public const int Interrupted = 130;
}
