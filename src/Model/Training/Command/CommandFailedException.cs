namespace ActorTune.Model.Training.Command;

/// <summary>
/// A training program failed: it could not start, exited non-zero, printed a line that is not an epoch's
/// metrics, ended too early or ran out of time. The message is the trial's reason.
/// </summary>
public sealed class CommandFailedException(string message) : Exception(message);
