using ActorTune.Model.Data;
using ActorTune.Model.Space;
using ActorTune.Model.Sweep;
using ActorTune.Model.Training.Command;
using ActorTune.Model.Training.Mlp;
using ActorTune.Model.Training.Objectives;
using ActorTune.Model.Training.Plugins;
using ActorTune.Model.Training.Synthetic;

namespace ActorTune.Model.Training;

/// <summary>The models a sweep file can name (<c>model = …</c>), how to build one, and what each accepts.</summary>
public static class TrainableCatalog
{
    public const string Mlp = "mlp";
    public const string Synthetic = "synthetic";
    public const string Command = "command";

    /// <summary>An objective registered in code by the program running the sweep (<c>Tuner.RunAsync</c>, a study).</summary>
    public const string Library = "library";

    public static readonly IReadOnlyList<string> Names = [Mlp, Synthetic, Command];

    /// <summary>Whether the model trains on the sweep's data set when it has one (the MLP cannot do without).</summary>
    public static bool NeedsData(ComponentSpec model) => model.Type == Mlp || PluginTrainables.IsPlugin(model);

    /// <summary>The metrics a model reports every epoch, or null when any name may appear.</summary>
    public static IReadOnlyList<string>? Metrics(ComponentSpec model) => model.Type switch
    {
        Mlp => MetricNames.BuiltIn,
        Synthetic => [MetricNames.TrainLoss, MetricNames.ValidationLoss, MetricNames.ValidationAccuracy],
        _ => null,
    };

    /// <summary>
    /// Why a hyperparameter cannot be set to <paramref name="value"/> while a trial trains (null: it can). The
    /// MLP's shape (hidden-units, layers) and its optimizer and activation are fixed once weights exist.
    /// </summary>
    public static string? ChangeProblem(SweepSpec spec, string name, ParamValue value)
    {
        if (spec.Model.Type != Mlp)
        {
            return spec.Space.Find(name) is null ? $"'{name}' is not a parameter of this sweep" : null;
        }
        if (name is "hidden-units" or "layers" or "optimizer" or "activation")
        {
            return $"'{name}' shapes the network or its optimizer state; it cannot change during training";
        }
        return MlpSettings.Validate(new SearchSpace([new FixedParameter(name, value)]), "set").Select(e => e.Message).FirstOrDefault();
    }

    /// <summary>
    /// The trainable of one trial of <paramref name="spec"/>, on the sweep's data when the model trains on it: under
    /// <c>data.folds = k</c>, k of them (one per fold, the same seed) inside a <see cref="CrossValidatedTrainable"/>.
    /// </summary>
    public static ITrainable Create(SweepSpec spec, int trialId, TrialConfig config, int seed)
    {
        var splits = NeedsData(spec.Model) && spec.Data is { } data ? DataCache.Get(data) : null;
        var context = new TrialContext(trialId, config, seed, spec.Epochs, spec.Model, splits?[0], spec.Metric);
        if (splits is not { Count: > 1 })
        {
            return Create(context, spec.Space);
        }
        var folds = new List<ITrainable>(splits.Count);
        try
        {
            foreach (var split in splits)
            {
                folds.Add(Create(context with { Data = split }, spec.Space));
            }
        }
        catch
        {
            folds.ForEach(f => f.Dispose());
            throw;
        }
        return new CrossValidatedTrainable(folds);
    }

    public static ITrainable Create(TrialContext context, SearchSpace space) => context.Model.Type switch
    {
        Mlp => new MlpTrainer(context),
        Synthetic => new SyntheticTrainable(context, space),
        Command => new CommandTrainable(context),
        Library => CreateLibrary(context, space),
        _ when PluginTrainables.IsPlugin(context.Model) => PluginTrainables.Create(context, space),
        _ => throw new ArgumentException($"unknown model '{context.Model.Type}'"),
    };

    private static ObjectiveTrainable CreateLibrary(TrialContext context, SearchSpace space)
    {
        var key = context.Model.Text(ObjectiveRegistry.ObjectiveKey) ?? "";
        var registered = ObjectiveRegistry.Find(key) ?? throw new InvalidOperationException(
            $"sweep '{key}' runs an objective defined in code: continue it from its program (Tuner.RunAsync or StudyAsync with the same name)");
        return new ObjectiveTrainable(context, space, registered.Objective, registered.Interrupt);
    }

    public static IEnumerable<SpecError> Validate(SweepSpec spec)
    {
        if (spec.Model.Type == Library)
        {
            if (ObjectiveRegistry.Find(spec.Model.Text(ObjectiveRegistry.ObjectiveKey) ?? "") is null)
            {
                yield return new SpecError("sweep.model", "model = library is for sweeps run from code (Tuner.RunAsync); " +
                    "a sweep file names an objective type instead: model = \"MyLib.MyObjective, MyLib\" with assembly = …");
            }
            yield break;
        }
        var plugin = PluginTrainables.IsPlugin(spec.Model);
        if (!Names.Contains(spec.Model.Type) && !plugin)
        {
            yield return new SpecError("sweep.model",
                $"unknown model '{spec.Model.Type}' ({string.Join(", ", Names)}, or a .NET type \"Namespace.Type, Assembly\" with assembly = …)");
            yield break;
        }
        if (plugin && Names.Contains(spec.Model.Type))
        {
            yield return new SpecError("sweep.assembly", $"only for a .NET trainable, not for model = {spec.Model.Type}");
            yield break;
        }
        if (Metrics(spec.Model) is { } metrics && !metrics.Contains(spec.Metric))
        {
            yield return new SpecError("sweep.metric", $"unknown metric '{spec.Metric}' for model {spec.Model.Type} ({string.Join(", ", metrics)})");
        }
        if (spec.Model.Type == Mlp && spec.Data is null)
        {
            yield return new SpecError("sweep.data.path", $"the {spec.Model.Type} model needs a data set");
        }
        if (spec.Data is { Folds: not 0 } && !NeedsData(spec.Model))
        {
            yield return new SpecError("sweep.data.folds", $"model = {spec.Model.Type} does not train on the sweep's data, so it cannot be cross-validated");
        }
        var errors = spec.Model.Type switch
        {
            Mlp => MlpSettings.Validate(spec.Space, "sweep.space"),
            Synthetic => ValidateSynthetic(spec),
            Command => CommandSettings.Validate(spec.Model, spec.Space),
            _ => PluginTrainables.Validate(spec.Model),
        };
        foreach (var error in errors)
        {
            yield return error;
        }
    }

    private static IEnumerable<SpecError> ValidateSynthetic(SweepSpec spec)
    {
        foreach (var (key, value) in spec.Model.Options)
        {
            var head = key.Split('.')[0];
            if (!SyntheticTrainable.OptionPrefixes.Contains(head))
            {
                yield return new SpecError($"sweep.synthetic.{key}", $"unknown option (synthetic takes {string.Join(", ", SyntheticTrainable.OptionPrefixes)})");
            }
            else if (head is "optimum" or "weights" && spec.Space.Find(key[(head.Length + 1)..]) is null)
            {
                yield return new SpecError($"sweep.synthetic.{key}", $"'{key[(head.Length + 1)..]}' is not a parameter of sweep.space");
            }
            else if (head is not "optimum" && !ParamValue.Parse(value).IsNumber)
            {
                yield return new SpecError($"sweep.synthetic.{key}", $"'{value}' is not a number");
            }
        }
    }
}
