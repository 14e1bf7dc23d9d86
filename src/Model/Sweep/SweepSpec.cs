using ActorTune.Model.Space;

namespace ActorTune.Model.Sweep;

/// <summary>
/// A sweep as the sweep file defines it, resolved and validated. It is stored whole in the sweep's first event,
/// so <c>resume</c> needs nothing but the database. <see cref="Babysit"/>: one trial at a time, every
/// checkpoint kept (to roll back to), interventions taken from a person (<c>actortune babysit</c>).
/// <see cref="TimeBudget"/>: the sweep's running time (all sessions, pauses excluded) after which no trial starts.
/// </summary>
public sealed record SweepSpec(
    string Name,
    long Seed,
    DataSpec? Data,
    ComponentSpec Model,
    string Metric,
    Goal Goal,
    int Epochs,
    int Trials,
    int Concurrency,
    ComponentSpec Strategy,
    ComponentSpec Scheduler,
    SearchSpace Space,
    int CheckpointEvery = 1,
    bool Babysit = false,
    TimeSpan? TimeBudget = null)
{
    /// <summary>Letters, digits, '-' and '_': the name is part of a persistence id and of file names.</summary>
    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= 100 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
