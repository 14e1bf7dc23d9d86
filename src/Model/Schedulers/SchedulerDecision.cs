using ActorTune.Model.Space;

namespace ActorTune.Model.Schedulers;

/// <summary>
/// A scheduler's word on a trial after an epoch: go on; stop here (pruned) and why; or (population-based
/// training) continue from <see cref="Donor"/>'s weights and optimizer state with <see cref="NewConfig"/>.
/// </summary>
public sealed record SchedulerDecision(bool Stop, string? Reason, int? Donor = null, TrialConfig? NewConfig = null)
{
    public static readonly SchedulerDecision Continue = new(false, null);

    public static SchedulerDecision Prune(string reason) => new(true, reason);

    public static SchedulerDecision Exploit(int donor, TrialConfig config, string reason) => new(false, reason, donor, config);

    public bool IsExploit => Donor is not null && NewConfig is not null;
}
