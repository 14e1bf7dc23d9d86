using System.Collections.Immutable;
using System.Globalization;
using ActorTune.Model.Space;
using ActorTune.Model.Sweep;
using ActorTune.Model.Training;
using ActorTune.Model.Training.Command;
using ActorTune.Model.Training.Plugins;
using Akka.Configuration;
using Akka.Configuration.Hocon;

namespace ActorTune.Host.Configuration;

/// <summary>
/// Reads a sweep file (HOCON) into a validated <see cref="SweepSpec"/>. Every problem is collected with its
/// full key, and the file is refused whole (<see cref="InvalidSweepException"/>, exit code 2) before anything runs.
/// </summary>
public static class SweepFileLoader
{
    private static readonly string[] TopKeys =
    [
        "name", "seed", "data", "model", "metric", "goal", "epochs", "trials", "concurrency", "strategy",
        "scheduler", "space", "checkpoint-every", "time-budget", "mlp", "synthetic", "command", "assembly",
    ];

    private static readonly string[] DataKeys = ["path", "validation", "label-column", "header", "shuffle", "folds"];

    public static (SweepSpec Spec, string Text) Load(string file, string? workingDirectory = null)
    {
        if (!File.Exists(file))
        {
            throw new InvalidSweepException(file, [new SpecError("file", "not found")]);
        }
        var text = File.ReadAllText(file);
        return (Parse(text, file, workingDirectory ?? Environment.CurrentDirectory), text);
    }

    public static SweepSpec Parse(string text, string source, string workingDirectory)
    {
        var (spec, errors) = Check(text, workingDirectory);
        if (spec is null)
        {
            throw new InvalidSweepException(source, errors);
        }
        return spec;
    }

    /// <summary>
    /// Every problem of a sweep file's text at once, one per line, each with its key; the spec only when there
    /// are none. Reading and validating run over the whole file even after a problem (a misspelt key must not hide
    /// a min &gt; max further down), and a key already refused while reading is not refused again by the validator.
    /// </summary>
    public static (SweepSpec? Spec, IReadOnlyList<SpecError> Errors) Check(string text, string workingDirectory)
    {
        Config root;
        try
        {
            root = ConfigurationFactory.ParseString(text);
        }
        catch (Exception e)
        {
            return (null, [new SpecError("syntax", e.Message)]);
        }
        var reader = new Reader(root);
        var spec = reader.Read(workingDirectory);
        var errors = SpecErrorMerge.Merge(reader.Errors, SweepSpecValidator.Validate(spec));
        if (spec.Data is { } data && !File.Exists(data.Path))
        {
            errors = SpecErrorMerge.Merge(errors, [new SpecError("sweep.data.path", $"data file not found: {data.Path}")]);
        }
        return (errors.Count == 0 ? spec : null, errors);
    }

    /// <summary>Reads keys, recording each problem instead of stopping at the first.</summary>
    private sealed class Reader
    {
        private readonly Config _root;

        public Reader(Config root)
        {
            _root = root;
        }

        public List<SpecError> Errors { get; } = [];

        public SweepSpec Read(string workingDirectory)
        {
            if (!_root.HasPath("sweep") || !IsObject(_root.GetValue("sweep")))
            {
                Errors.Add(new SpecError("sweep", "missing: a sweep file holds one `sweep { … }` block"));
                return Placeholder();
            }
            var sweep = _root.GetConfig("sweep");
            UnknownKeys(sweep, "sweep", TopKeys);
            var name = Text(sweep, "sweep", "name", null) ?? "";
            var modelType = Text(sweep, "sweep", "model", "mlp")!;
            var metric = Text(sweep, "sweep", "metric", "val_accuracy")!;
            var goalText = Text(sweep, "sweep", "goal", metric.Contains("loss", StringComparison.Ordinal) ? "min" : "max")!;
            var goal = goalText switch
            {
                "max" => Goal.Max,
                "min" => Goal.Min,
                _ => Error<Goal>("sweep.goal", $"'{goalText}' must be max or min", Goal.Max),
            };
            var seed = Integer(sweep, "sweep", "seed", 0);
            return new SweepSpec(
                name,
                seed,
                ReadData(sweep, workingDirectory, seed),
                ReadComponent(sweep, modelType, workingDirectory),
                metric,
                goal,
                (int)Integer(sweep, "sweep", "epochs", 10),
                (int)Integer(sweep, "sweep", "trials", 20),
                (int)Integer(sweep, "sweep", "concurrency", Environment.ProcessorCount),
                ReadTyped(sweep, "strategy", "random"),
                ReadTyped(sweep, "scheduler", "none"),
                ReadSpace(sweep),
                (int)Integer(sweep, "sweep", "checkpoint-every", 1),
                TimeBudget: Duration(sweep, "sweep", "time-budget"));
        }

        private TimeSpan? Duration(Config block, string where, string key)
        {
            var text = Text(block, where, key, null);
            if (text is null)
            {
                return null;
            }
            return DurationText.Parse(text) is { } duration
                ? duration
                : Error<TimeSpan?>($"{where}.{key}", $"'{text}' is not a duration: a number and a unit, as 90s, 10m, 2h", null);
        }

        private static SweepSpec Placeholder() => new("", 0, null, ComponentSpec.Named("mlp"), "val_accuracy", Goal.Max, 1, 1, 1,
            ComponentSpec.Named("random"), ComponentSpec.Named("none"), new SearchSpace([]));

        private DataSpec? ReadData(Config sweep, string workingDirectory, long seed)
        {
            if (!sweep.HasPath("data"))
            {
                return null;
            }
            if (!IsObject(sweep.GetValue("data")))
            {
                return Error<DataSpec?>("sweep.data", "must be a block: data { path = …, validation = 0.2 }", null);
            }
            var data = sweep.GetConfig("data");
            UnknownKeys(data, "sweep.data", DataKeys);
            var path = Text(data, "sweep.data", "path", null);
            if (path is null)
            {
                return Error<DataSpec?>("sweep.data.path", "missing", null);
            }
            bool? header = null;
            if (data.HasPath("header"))
            {
                var raw = Text(data, "sweep.data", "header", null);
                header = raw switch
                {
                    "true" or "on" or "yes" => true,
                    "false" or "off" or "no" => false,
                    "auto" => null,
                    _ => Error<bool?>("sweep.data.header", $"'{raw}' must be true, false or auto", null),
                };
            }
            var shuffle = false;
            if (data.HasPath("shuffle"))
            {
                var raw = Text(data, "sweep.data", "shuffle", null);
                shuffle = raw switch
                {
                    "true" or "on" or "yes" => true,
                    "false" or "off" or "no" => false,
                    _ => Error("sweep.data.shuffle", $"'{raw}' must be true or false", false),
                };
            }
            var folds = (int)Integer(data, "sweep.data", "folds", 0);
            if (data.HasPath("folds") && data.HasPath("validation"))
            {
                Error("sweep.data.folds", "cross-validation holds out each fold in turn; remove data.validation (it sets one held-out split)", 0);
            }
            return new DataSpec(
                Path.GetFullPath(Path.Combine(workingDirectory, path)),
                Number(data, "sweep.data", "validation", 0.2),
                Text(data, "sweep.data", "label-column", null),
                header,
                shuffle,
                folds,
                seed);
        }

        /// <summary>
        /// The model's own options live in a block named after it (<c>synthetic { noise = 0.01 }</c>); a command's
        /// argument list and a .NET trainable's assembly are read here, their paths resolved against the working directory.
        /// </summary>
        private ComponentSpec ReadComponent(Config sweep, string type, string workingDirectory)
        {
            var named = type.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
            var options = named && sweep.HasPath(type) && IsObject(sweep.GetValue(type)) ? Flatten(sweep.GetConfig(type), $"sweep.{type}") : [];
            if (sweep.HasPath("command"))
            {
                ReadCommand(sweep, type, options, workingDirectory);
            }
            if (Text(sweep, "sweep", "assembly", null) is { } assembly)
            {
                options[PluginTrainables.AssemblyKey] = Path.GetFullPath(Path.Combine(workingDirectory, assembly));
            }
            return new ComponentSpec(type, options.ToImmutableSortedDictionary(StringComparer.Ordinal));
        }

        /// <summary><c>command = ["python3", "train.py"]</c>, or <c>command { args = [...], timeout = 10m, working-directory = "…" }</c>.</summary>
        private void ReadCommand(Config sweep, string type, Dictionary<string, string> options, string workingDirectory)
        {
            if (type != TrainableCatalog.Command)
            {
                Errors.Add(new SpecError("sweep.command", $"only for model = command (model is {type})"));
                return;
            }
            var value = sweep.GetValue("command");
            var args = value.IsArray() ? value : IsObject(value) && sweep.HasPath("command.args") ? sweep.GetValue("command.args") : null;
            if (args is not null && !args.IsArray())
            {
                Errors.Add(new SpecError("sweep.command.args", "must be a list: args = [\"python3\", \"train.py\", \"--lr\", \"${learning-rate}\"]"));
            }
            else if (args is not null)
            {
                options[CommandSettings.ArgsKey] = CommandSettings.EncodeArgs(args.GetArray().Select(v => v.GetString()));
            }
            else if (!IsObject(value))
            {
                Errors.Add(new SpecError("sweep.command", "must be a list of the program and its arguments, or a block with args = [...]"));
            }
            // Resolved now, like data.path, so `resume` from another directory runs the program in the same place.
            options[CommandSettings.WorkingDirectoryKey] =
                Path.GetFullPath(Path.Combine(workingDirectory, options.GetValueOrDefault(CommandSettings.WorkingDirectoryKey, ".")));
        }

        /// <summary><c>strategy { type = grid, points = 5 }</c>, or the shorthand <c>strategy = grid</c>.</summary>
        private ComponentSpec ReadTyped(Config sweep, string key, string fallback)
        {
            if (!sweep.HasPath(key))
            {
                return ComponentSpec.Named(fallback);
            }
            var value = sweep.GetValue(key);
            if (!IsObject(value))
            {
                return ComponentSpec.Named(value.GetString());
            }
            var block = sweep.GetConfig(key);
            var options = Flatten(block, $"sweep.{key}");
            var type = options.GetValueOrDefault("type", fallback);
            options.Remove("type");
            return new ComponentSpec(type, options.ToImmutableSortedDictionary(StringComparer.Ordinal));
        }

        private Dictionary<string, string> Flatten(Config block, string where)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in block.AsEnumerable())
            {
                if (IsObject(value))
                {
                    foreach (var (inner, text) in Flatten(new Config(new HoconRoot(value)), $"{where}.{key}"))
                    {
                        result[$"{key}.{inner}"] = text;
                    }
                }
                else if (value.IsArray())
                {
                    result[key] = string.Join(",", value.GetArray().Select(v => v.GetString()));
                }
                else if (value.IsString())
                {
                    result[key] = value.GetString();
                }
                else
                {
                    Errors.Add(new SpecError($"{where}.{key}", "expected a value"));
                }
            }
            return result;
        }

        private SearchSpace ReadSpace(Config sweep)
        {
            if (!sweep.HasPath("space") || !IsObject(sweep.GetValue("space")))
            {
                return Error("sweep.space", "missing: give the parameters to search, e.g. space { learning-rate { scale = log, min = 1e-4, max = 1 } }",
                    new SearchSpace([]));
            }
            var parameters = new List<ParameterSpec>();
            foreach (var (name, value) in sweep.GetValue("space").GetObject().Items)
            {
                if (ReadParameter(name, value, $"sweep.space.{name}") is { } parameter)
                {
                    parameters.Add(parameter);
                }
            }
            return new SearchSpace(parameters);
        }

        private ParameterSpec? ReadParameter(string name, HoconValue value, string key)
        {
            if (value.IsArray())
            {
                return new ChoiceParameter(name, value.GetArray().Select(v => ParamValue.Parse(v.GetString())).ToList());
            }
            if (!IsObject(value))
            {
                return new FixedParameter(name, ParamValue.Parse(value.GetString()));
            }
            var block = new Config(new HoconRoot(value));
            UnknownKeys(block, key, ["scale", "min", "max", "values", "value"]);
            if (block.HasPath("values"))
            {
                if (!block.GetValue("values").IsArray())
                {
                    return Error<ParameterSpec?>($"{key}.values", "must be a list: values = [16, 32, 64]", null);
                }
                return new ChoiceParameter(name, block.GetValue("values").GetArray().Select(v => ParamValue.Parse(v.GetString())).ToList());
            }
            if (block.HasPath("value"))
            {
                return new FixedParameter(name, ParamValue.Parse(block.GetString("value")));
            }
            var scaleName = Text(block, key, "scale", "linear")!;
            if (!ScaleNames.TryParse(scaleName, out var scale))
            {
                return Error<ParameterSpec?>($"{key}.scale", $"unknown scale '{scaleName}' ({ScaleNames.AllNames}, or values = [...])", null);
            }
            if (!block.HasPath("min") || !block.HasPath("max"))
            {
                return Error<ParameterSpec?>(key, $"a {scale.ToName()} range needs min and max", null);
            }
            var min = Number(block, key, "min", double.NaN);
            var max = Number(block, key, "max", double.NaN);
            return double.IsNaN(min) || double.IsNaN(max) ? null : new RangeParameter(name, scale, min, max);
        }

        private void UnknownKeys(Config block, string where, string[] known)
        {
            foreach (var (key, _) in block.AsEnumerable())
            {
                var head = key.Split('.')[0];
                if (!known.Contains(head))
                {
                    Errors.Add(new SpecError($"{where}.{head}", "unknown key" + NameSuggestion.Hint(head, known)));
                }
            }
        }

        private string? Text(Config block, string where, string key, string? fallback)
        {
            if (!block.HasPath(key))
            {
                return fallback;
            }
            var value = block.GetValue(key);
            if (!value.IsString())
            {
                return Error($"{where}.{key}", "expected a single value", fallback);
            }
            return value.GetString();
        }

        private double Number(Config block, string where, string key, double fallback) =>
            Parsed(block, where, key, fallback, "a number", text => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : null);

        private long Integer(Config block, string where, string key, long fallback) =>
            Parsed(block, where, key, fallback, "an integer", text => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null);

        private T Parsed<T>(Config block, string where, string key, T fallback, string what, Func<string, T?> parse) where T : struct
        {
            var text = Text(block, where, key, null);
            if (text is null)
            {
                return fallback;
            }
            return parse(text) is { } value ? value : Error($"{where}.{key}", $"'{text}' is not {what}", fallback);
        }

        private T Error<T>(string where, string message, T fallback)
        {
            Errors.Add(new SpecError(where, message));
            return fallback;
        }

        private static bool IsObject(HoconValue value) => value.IsObject() && !value.IsString() && !value.IsArray();
    }
}
