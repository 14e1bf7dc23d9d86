using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ActorTune.Model.Space;
using ActorTune.Model.Sweep;

namespace ActorTune.Model.Training.Command;

/// <summary>
/// How <c>model = command</c> runs a trial: the program and its arguments (a list, started directly, never through
/// a shell), each argument with <c>${name}</c> replaced by the trial's value of that hyperparameter (or
/// <c>${trial}</c>, <c>${seed}</c>, <c>${epochs}</c>; <c>$$</c> is a literal <c>$</c>), the directory it runs in
/// and a time limit for the whole trial. The sweep-file loader stores the arguments as a JSON list under
/// <see cref="ArgsKey"/>, since an argument may hold any character.
/// </summary>
public sealed partial record CommandSettings(IReadOnlyList<string> Args, TimeSpan? Timeout, string? TimeoutText, string? WorkingDirectory)
{
    public const string ArgsKey = "args";
    public const string TimeoutKey = "timeout";
    public const string WorkingDirectoryKey = "working-directory";

    public static readonly IReadOnlyList<string> OptionKeys = [ArgsKey, TimeoutKey, WorkingDirectoryKey];

    /// <summary>Names every trial can substitute besides its hyperparameters.</summary>
    public static readonly IReadOnlyList<string> BuiltInNames = ["trial", "seed", "epochs"];

    public static CommandSettings From(ComponentSpec model)
    {
        var args = model.Text(ArgsKey) is { } json ? JsonSerializer.Deserialize<string[]>(json) ?? [] : [];
        var timeoutText = model.Text(TimeoutKey);
        return new CommandSettings(args, timeoutText is null ? null : ParseDuration(timeoutText), timeoutText, model.Text(WorkingDirectoryKey));
    }

    private static CommandSettings? TryFrom(ComponentSpec model)
    {
        try
        {
            return From(model);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string EncodeArgs(IEnumerable<string> args) => JsonSerializer.Serialize(args.ToArray());

    /// <summary>The arguments of one trial, every <c>${name}</c> replaced.</summary>
    public IReadOnlyList<string> Expand(TrialContext context)
    {
        var values = Variables(context);
        return Args.Select(arg => Placeholder().Replace(arg, match => match.Value == "$$" ? "$" : values[match.Groups[1].Value])).ToList();
    }

    /// <summary>What <c>${name}</c> can name in a trial: its hyperparameters (fixed ones too), trial, seed and epochs.</summary>
    public static Dictionary<string, string> Variables(TrialContext context)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["trial"] = context.TrialId.ToString(CultureInfo.InvariantCulture),
            ["seed"] = context.Seed.ToString(CultureInfo.InvariantCulture),
            ["epochs"] = context.Epochs.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (name, value) in context.Config.Values)
        {
            values[name] = value.Text;
        }
        return values;
    }

    public static IEnumerable<SpecError> Validate(ComponentSpec model, SearchSpace space)
    {
        foreach (var key in model.Options.Keys.Where(k => !OptionKeys.Contains(k)))
        {
            yield return new SpecError($"sweep.command.{key}", $"unknown key (command takes {string.Join(", ", OptionKeys)})");
        }
        if (TryFrom(model) is not { } settings)
        {
            // Not the list the loader encodes (a plain string in the file, or a hand-made submission).
            yield return new SpecError("sweep.command.args", "must be a list: args = [\"python3\", \"train.py\", \"--lr\", \"${learning-rate}\"]");
            yield break;
        }
        if (settings.Args.Count == 0 || string.IsNullOrWhiteSpace(settings.Args[0]))
        {
            yield return new SpecError("sweep.command",
                "missing: model = command needs the program and its arguments, e.g. command = [\"python3\", \"train.py\", \"--lr\", \"${learning-rate}\"]");
        }
        var known = space.Parameters.Select(p => p.Name).Concat(BuiltInNames).ToHashSet(StringComparer.Ordinal);
        foreach (var name in settings.Args.SelectMany(arg => Placeholder().Matches(arg)).Select(m => m.Groups[1].Value)
                     .Where(name => !known.Contains(name)).Distinct())
        {
            yield return new SpecError("sweep.command", $"${{{name}}} names no parameter of sweep.space (nor {string.Join(", ", BuiltInNames)})");
        }
        if (settings.Args.Any(arg => UnclosedPlaceholder().IsMatch(Placeholder().Replace(arg, ""))))
        {
            yield return new SpecError("sweep.command", "a '${' without its closing '}' (write $$ for a literal $)");
        }
        if (settings.TimeoutText is { } text && settings.Timeout is not { TotalMilliseconds: > 0 })
        {
            yield return new SpecError($"sweep.command.{TimeoutKey}", $"'{text}' is not a duration (e.g. 90s, 10m, 2h)");
        }
        if (settings.WorkingDirectory is { } directory && !Directory.Exists(directory))
        {
            yield return new SpecError($"sweep.command.{WorkingDirectoryKey}", $"directory not found: {directory}");
        }
    }

    /// <summary>A HOCON-style duration: a number and a unit (ms, s, m, h, d, or their words); a bare number is seconds.</summary>
    public static TimeSpan? ParseDuration(string text)
    {
        var match = Duration().Match(text.Trim());
        if (!match.Success || !double.TryParse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
        {
            return null;
        }
        double? seconds = match.Groups[2].Value.ToLowerInvariant() switch
        {
            "ms" or "milli" or "millis" or "millisecond" or "milliseconds" => amount / 1000,
            "" or "s" or "second" or "seconds" => amount,
            "m" or "minute" or "minutes" => amount * 60,
            "h" or "hour" or "hours" => amount * 3600,
            "d" or "day" or "days" => amount * 86400,
            _ => null,
        };
        return seconds is { } s && double.IsFinite(s) && s < TimeSpan.MaxValue.TotalSeconds ? TimeSpan.FromSeconds(s) : null;
    }

    [GeneratedRegex(@"\$\$|\$\{([^}]*)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\$\{")]
    private static partial Regex UnclosedPlaceholder();

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)\s*([A-Za-z]*)$")]
    private static partial Regex Duration();
}
