using ActorTune.Model.Space;
using ActorTune.Model.Sweep;
using ActorTune.Model.Training.Mlp.Kernels;

namespace ActorTune.Model.Training.Mlp;

public enum OptimizerKind
{
    Sgd,
    Momentum,
    RmsProp,
    Adam,
}

/// <summary>
/// The built-in MLP's hyperparameters, by the seed's names. Anything a sweep does not set takes the default
/// below (Adam, lr 1e-3, β1 0.9, β2 0.999, ε 1e-8, one hidden layer of 64 ReLU units, batch 32, no decay).
/// </summary>
public sealed record MlpSettings(
    double LearningRate,
    double Beta,
    double Beta1,
    double Beta2,
    double Epsilon,
    int HiddenUnits,
    int Layers,
    int BatchSize,
    double LearningRateDecay,
    OptimizerKind Optimizer,
    Activation Activation)
{
    public static readonly MlpSettings Default = new(1e-3, 0.9, 0.9, 0.999, 1e-8, 64, 1, 32, 0, OptimizerKind.Adam, Activation.Relu);

    /// <summary>The hyperparameter names this model reads; any other name in a sweep's space is refused.</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "learning-rate", "beta", "beta1", "beta2", "epsilon", "hidden-units", "layers", "batch-size",
        "learning-rate-decay", "optimizer", "activation",
    ];

    public static MlpSettings From(TrialConfig config) => new(
        config.Number("learning-rate", Default.LearningRate),
        config.Number("beta", Default.Beta),
        config.Number("beta1", Default.Beta1),
        config.Number("beta2", Default.Beta2),
        config.Number("epsilon", Default.Epsilon),
        config.Integer("hidden-units", Default.HiddenUnits),
        config.Integer("layers", Default.Layers),
        config.Integer("batch-size", Default.BatchSize),
        config.Number("learning-rate-decay", Default.LearningRateDecay),
        ParseOptimizer(config.Text("optimizer", "adam")) ?? throw new ArgumentException($"unknown optimizer '{config.Text("optimizer", "")}'"),
        ParseActivation(config.Text("activation", "relu")) ?? throw new ArgumentException($"unknown activation '{config.Text("activation", "")}'"));

    /// <summary>lr₀ / (1 + decay · e) for the 1-based <paramref name="epoch"/>, e = epoch − 1: the first epoch runs at lr₀.</summary>
    public double LearningRateAt(int epoch) => LearningRate / (1 + LearningRateDecay * (epoch - 1));

    public static OptimizerKind? ParseOptimizer(string name) => name.ToLowerInvariant() switch
    {
        "sgd" => OptimizerKind.Sgd,
        "momentum" => OptimizerKind.Momentum,
        "rmsprop" => OptimizerKind.RmsProp,
        "adam" => OptimizerKind.Adam,
        _ => null,
    };

    public static Activation? ParseActivation(string name) => name.ToLowerInvariant() switch
    {
        "relu" => Activation.Relu,
        "tanh" => Activation.Tanh,
        _ => null,
    };

    /// <summary>Checks every value the space can produce for the MLP's names (bounds, words), before anything runs.</summary>
    public static IEnumerable<SpecError> Validate(SearchSpace space, string keyPrefix)
    {
        foreach (var parameter in space.Parameters)
        {
            var key = $"{keyPrefix}.{parameter.Name}";
            if (!Names.Contains(parameter.Name))
            {
                var suggestion = NameSuggestion.Closest(parameter.Name, Names);
                yield return new SpecError(key, suggestion is not null
                    ? $"the mlp model has no hyperparameter '{parameter.Name}' (did you mean '{suggestion}'?)"
                    : $"the mlp model has no hyperparameter '{parameter.Name}' (it has {string.Join(", ", Names)})");
                continue;
            }
            foreach (var problem in ValueProblems(parameter))
            {
                yield return new SpecError(key, problem);
            }
        }
    }

    private static IEnumerable<string> ValueProblems(ParameterSpec parameter)
    {
        var words = parameter switch
        {
            ChoiceParameter choice => choice.Values,
            FixedParameter fixedValue => [fixedValue.Value],
            _ => [],
        };
        var numbers = parameter switch
        {
            RangeParameter range => [range.Min, range.Max],
            _ => words.Where(w => w.IsNumber).Select(w => w.Number).ToList(),
        };
        switch (parameter.Name)
        {
            case "optimizer":
                foreach (var word in words.Where(w => ParseOptimizer(w.Text) is null))
                {
                    yield return $"unknown optimizer '{word}' (sgd, momentum, rmsprop, adam)";
                }
                if (parameter is RangeParameter)
                {
                    yield return "optimizer takes words (sgd, momentum, rmsprop, adam), not a range";
                }
                break;
            case "activation":
                foreach (var word in words.Where(w => ParseActivation(w.Text) is null))
                {
                    yield return $"unknown activation '{word}' (relu, tanh)";
                }
                if (parameter is RangeParameter)
                {
                    yield return "activation takes words (relu, tanh), not a range";
                }
                break;
            default:
                foreach (var word in words.Where(w => !w.IsNumber))
                {
                    yield return $"'{word}' is not a number";
                }
                var (low, high) = Bounds(parameter.Name);
                foreach (var number in numbers.Where(v => v < low || v > high))
                {
                    yield return $"{ParamValue.Format(number)} is outside [{ParamValue.Format(low)}, {ParamValue.Format(high)}]";
                }
                break;
        }
    }

    private static (double Low, double High) Bounds(string name) => name switch
    {
        "learning-rate" => (double.Epsilon, 100),
        "beta" or "beta1" or "beta2" => (0, 0.999999999),
        "epsilon" => (0, 1),
        "hidden-units" => (1, 4096),
        "layers" => (0, 16),
        "batch-size" => (1, 65536),
        "learning-rate-decay" => (0, 1e6),
        _ => (double.NegativeInfinity, double.PositiveInfinity),
    };
}
