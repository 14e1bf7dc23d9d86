namespace ActorTune.Model.Sweep;

/// <summary>Whether the sweep's metric is to be maximised (accuracy) or minimised (loss).</summary>
public enum Goal
{
    Max,
    Min,
}

public static class GoalExtensions
{
    /// <summary>True when <paramref name="candidate"/> is strictly better than <paramref name="incumbent"/>.</summary>
    public static bool IsBetter(this Goal goal, double candidate, double incumbent) =>
        goal == Goal.Max ? candidate > incumbent : candidate < incumbent;

    /// <summary>Turns a value into a score where larger is always better, so rules can be written once.</summary>
    public static double Score(this Goal goal, double value) => goal == Goal.Max ? value : -value;

    public static string ToName(this Goal goal) => goal == Goal.Max ? "max" : "min";
}
