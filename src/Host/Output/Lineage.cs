using ActorTune.Model.Space;
using ActorTune.Model.State;

namespace ActorTune.Host.Output;

/// <summary>
/// A trial's hyperparameter schedule in words, as atoms that <see cref="TextFit.Wrap"/> may put on separate lines:
/// population-based training's exploits copy a donor's checkpoint and hyperparameters; a babysitter's
/// <c>set NAME VALUE</c> continues the trial's own checkpoint with one value changed, so it reads as that command.
/// </summary>
public static class Lineage
{
    public static IReadOnlyList<string> Steps(TrialState trial, IReadOnlyCollection<string> searched)
    {
        var atoms = new List<string> { "started" };
        atoms.AddRange(Pairs(trial.Config, searched));
        var before = trial.Config;
        foreach (var change in trial.Schedule ?? [])
        {
            atoms[^1] += ";";
            if (change.Donor == trial.Id)
            {
                var changed = change.Config.Values.Where(p => !before.Contains(p.Key) || !before[p.Key].Equals(p.Value)).ToList();
                var sets = changed.Count == 0
                    ? ["set (no change)"]
                    : changed.Select((p, i) => $"set {p.Key} {TrialConfig.Short(p.Value)}{(i < changed.Count - 1 ? "," : "")}").ToList();
                atoms.Add($"epoch {change.FromEpoch}: {sets[0]}");
                atoms.AddRange(sets.Skip(1));
            }
            else
            {
                atoms.Add($"epoch {change.FromEpoch}: from trial {change.Donor} (its epoch {change.DonorEpoch}) with");
                atoms.AddRange(Pairs(change.Config, searched));
            }
            before = change.Config;
        }
        return atoms;
    }

    private static IEnumerable<string> Pairs(TrialConfig config, IReadOnlyCollection<string> searched) =>
        config.Values.Where(p => searched.Contains(p.Key)).Select(p => $"{p.Key}={TrialConfig.Short(p.Value)}");
}
