namespace ActorTune.Model.Training;

/// <summary>
/// A trainable with a log worth keeping (an external program's standard error): the trial actor stores it in the
/// sweep database when the trial ends, and <c>actortune show NAME --log TRIAL</c> prints it.
/// </summary>
public interface ITrainableLog
{
    /// <summary>The log so far; complete once the trainable is disposed.</summary>
    string Log { get; }
}
