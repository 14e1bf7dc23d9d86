namespace ActorTune;

/// <summary>
/// Thrown by an objective to end its trial as pruned rather than failed (Optuna's <c>TrialPruned</c>): the objective
/// decided itself that the trial is not worth finishing.
/// </summary>
public sealed class TrialPrunedException : Exception
{
    /// <summary>A trial pruned without a reason.</summary>
    public TrialPrunedException()
        : base("pruned by the objective")
    {
    }

    /// <summary>A trial pruned for <paramref name="message"/>.</summary>
    public TrialPrunedException(string message)
        : base(message)
    {
    }

    /// <summary>A trial pruned for <paramref name="message"/>, because of <paramref name="innerException"/>.</summary>
    public TrialPrunedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
