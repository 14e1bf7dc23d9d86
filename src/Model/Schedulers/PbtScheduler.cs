using System.Globalization;
using ActorTune.Model.Randomness;
using ActorTune.Model.Space;

namespace ActorTune.Model.Schedulers;

/// <summary>
/// Population-based training (Jaderberg et al., 2017), asynchronous: every <c>interval</c> epochs a trial in the
/// bottom <c>quantile</c> of the population (ranked by each member's newest score) copies the weights and
/// optimizer state of a member of the top quantile (exploit) and takes its hyperparameters with the continuous
/// ones perturbed ×0.8 or ×1.2 on their own scale, or, with probability <c>resample</c>, drawn afresh (explore).
/// Choices of the donor are kept: architecture must match the copied weights. Random draws come from
/// (sweep seed, trial, epoch), so the same history gives the same decision.
/// </summary>
/// <example><c>scheduler { type = pbt, interval = 4, quantile = 0.25, resample = 0.25 }</c></example>
public sealed class PbtScheduler(SearchSpace space, long seed, int interval, double quantile, double resample) : ITrialScheduler
{
    public const int DefaultInterval = 4;
    public const double DefaultQuantile = 0.25;
    public const double DefaultResample = 0.25;

    public SchedulerDecision Decide(SchedulerHistory history, int trialId, int epoch)
    {
        if (epoch % interval != 0 || history.Config(trialId) is null)
        {
            return SchedulerDecision.Continue;
        }
        var ranked = history.Trials.Where(t => history.Latest(t) is not null && history.Config(t) is not null)
            .OrderByDescending(t => history.Latest(t)).ThenBy(t => t).ToList();
        var cut = (int)Math.Floor(ranked.Count * quantile);
        if (cut < 1 || !ranked.TakeLast(cut).Contains(trialId))
        {
            return SchedulerDecision.Continue;
        }
        var random = new Random(Seeds.Derive(seed, Seeds.Purpose("pbt"), trialId, epoch));
        var donor = ranked[random.Next(cut)];
        var config = Explore(history.Config(donor)!, random);
        return SchedulerDecision.Exploit(donor, config, string.Create(CultureInfo.InvariantCulture,
            $"pbt: bottom {quantile:P0} at epoch {epoch}; copies trial {donor}"));
    }

    /// <summary>The donor's hyperparameters with each continuous one perturbed or resampled, within its bounds.</summary>
    public TrialConfig Explore(TrialConfig donor, Random random)
    {
        var config = donor;
        foreach (var parameter in space.Parameters.OfType<RangeParameter>().Where(p => !p.Scale.IsInteger() && donor.Contains(p.Name)))
        {
            var value = random.NextDouble() < resample
                ? parameter.FromUnit(random.NextDouble()).Number
                : Perturb(parameter, donor[parameter.Name].Number, random.NextDouble() < 0.5 ? 0.8 : 1.2);
            config = config.With(parameter.Name, ParamValue.Of(Math.Clamp(value, parameter.Min, parameter.Max)));
        }
        return config;
    }

    /// <summary>×factor on the parameter's own scale: on 1-x for one-minus-log (β 0.99 → 0.992 or 0.988).</summary>
    public static double Perturb(RangeParameter parameter, double value, double factor) =>
        parameter.Scale == Scale.OneMinusLog ? 1 - (1 - value) * factor : value * factor;
}
