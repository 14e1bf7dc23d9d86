using ActorTune.Model.State;

namespace ActorTune.Host.Output;

/// <summary>
/// A babysitter's interventions in the order they took effect: by epoch, then in the order they were given.
/// The log keeps them in the order they were typed, and a pause typed mid-epoch takes effect after that epoch,
/// so the two differ. A rollback starts the epochs again: what follows it is sorted after it.
/// </summary>
public static class InterventionOrder
{
    public static IReadOnlyList<Intervention> Sorted(IReadOnlyList<Intervention> interventions)
    {
        var timeline = 0;
        return interventions
            .Select((intervention, sequence) =>
            {
                var key = (Timeline: timeline, intervention.Epoch, Sequence: sequence);
                if (intervention.Action == "rollback")
                {
                    timeline++;
                }
                return (key, intervention);
            })
            .ToList()
            .OrderBy(x => x.key.Timeline).ThenBy(x => x.key.Epoch).ThenBy(x => x.key.Sequence)
            .Select(x => x.intervention)
            .ToList();
    }
}
