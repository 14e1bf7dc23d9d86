namespace ActorTune.Model.State;

/// <summary>The sweep-level decisions the supervisor acts on, as pure functions of the state.</summary>
public static class SweepRules
{
    /// <summary>Trials that were proposed or running when the sweep last stopped: they run again, oldest first.</summary>
    public static IReadOnlyList<TrialState> Unfinished(SweepState state) =>
        state.Trials.Where(t => !t.Status.IsFinished()).OrderBy(t => t.Id).ToList();

    /// <summary>True while the trial budget allows another proposal.</summary>
    public static bool BudgetLeft(SweepState state) => state.Trials.Count < state.RequireSpec().Trials;

    /// <summary>
    /// The sweep is done when nothing runs and nothing more can be proposed: the trial budget or the time budget
    /// is spent, or the strategy has nothing left.
    /// </summary>
    public static bool IsDone(SweepState state, bool strategyExhausted) =>
        state.Status.IsFinal() ||
        (state.UnfinishedCount == 0 && (!BudgetLeft(state) || strategyExhausted || state.TimeBudgetSpent));
}
