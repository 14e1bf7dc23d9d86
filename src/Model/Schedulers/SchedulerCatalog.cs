using ActorTune.Model.Sweep;

namespace ActorTune.Model.Schedulers;

/// <summary>The early-stopping schedulers a sweep file can name (<c>scheduler { type = … }</c>).</summary>
public static class SchedulerCatalog
{
    public static readonly IReadOnlyList<string> Names = ["none"];

    public static IEnumerable<SpecError> Validate(SweepSpec spec)
    {
        if (!Names.Contains(spec.Scheduler.Type))
        {
            yield return new SpecError("sweep.scheduler.type", $"unknown scheduler '{spec.Scheduler.Type}' ({string.Join(", ", Names)})");
        }
    }
}
