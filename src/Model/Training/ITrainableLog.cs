namespace ActorTune.Model.Training;

/// <summary>
/// A trainable with a log worth keeping (an external program's standard error): the trial actor stores it in the
/// sweep database while the trial runs (after an epoch, at most once a second) and when it ends; <c>actortune show
/// NAME --log TRIAL</c> prints it and the dashboard's trial page shows it growing.
/// </summary>
public interface ITrainableLog
{
    /// <summary>The log so far; complete once the trainable is disposed.</summary>
    string Log { get; }
}
