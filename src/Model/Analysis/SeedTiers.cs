namespace ActorTune.Model.Analysis;

/// <summary>
/// The seed notes' order of importance for the MLP's hyperparameters ("Tuning process"): the learning rate first;
/// β (momentum), hidden units and the mini-batch size second; layers and learning-rate decay third; Adam's β1, β2
/// and ε fourth. Importance is shown next to these so a user sees whether their sweep agrees with the seed.
/// </summary>
public static class SeedTiers
{
    private static readonly IReadOnlyDictionary<string, int> Tiers = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["learning-rate"] = 1,
        ["beta"] = 2,
        ["hidden-units"] = 2,
        ["batch-size"] = 2,
        ["layers"] = 3,
        ["learning-rate-decay"] = 3,
        ["beta1"] = 4,
        ["beta2"] = 4,
        ["epsilon"] = 4,
    };

    /// <summary>The parameter's tier (1 matters most), or null for a parameter the seed does not rank.</summary>
    public static int? Of(string parameter) => Tiers.TryGetValue(parameter, out var tier) ? tier : null;
}
