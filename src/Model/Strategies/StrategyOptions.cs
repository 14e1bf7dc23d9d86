using ActorTune.Model.Sweep;

namespace ActorTune.Model.Strategies;

/// <summary>
/// Reads one strategy's options from <c>strategy { … }</c>, checking each as it goes: a bad value is recorded with
/// its sweep-file key (sweep.strategy.rounds) and the default stands in, so every problem is reported at once.
/// </summary>
public sealed class StrategyOptions
{
    private readonly ComponentSpec _spec;
    private readonly List<SpecError> _errors = [];

    public StrategyOptions(ComponentSpec spec, IReadOnlyList<string> allowed)
    {
        _spec = spec;
        foreach (var key in spec.Options.Keys.Where(k => !allowed.Contains(k)))
        {
            _errors.Add(new SpecError(Key(key), $"unknown option for the {spec.Type} strategy" +
                (allowed.Count > 0 ? $" ({string.Join(", ", allowed)})" : " (it takes none)")));
        }
    }

    public IReadOnlyList<SpecError> Errors => _errors;

    public bool Has(string key) => _spec.Options.ContainsKey(key);

    /// <summary>An integer in [min, max], or <paramref name="fallback"/> when absent or bad.</summary>
    public int Integer(string key, int fallback, int min, int max)
    {
        if (!Has(key))
        {
            return fallback;
        }
        if (_spec.Number(key) is { } number && number == Math.Floor(number) && number >= min && number <= max)
        {
            return (int)number;
        }
        _errors.Add(new SpecError(Key(key), $"'{_spec.Text(key)}' must be an integer from {min} to {max}"));
        return fallback;
    }

    /// <summary>A number in (0, 1] (or (0, 1) when <paramref name="belowOne"/>), or the fallback.</summary>
    public double Fraction(string key, double fallback, bool belowOne = false)
    {
        if (!Has(key))
        {
            return fallback;
        }
        if (_spec.Number(key) is { } number && number > 0 && (belowOne ? number < 1 : number <= 1))
        {
            return number;
        }
        _errors.Add(new SpecError(Key(key), $"'{_spec.Text(key)}' must be a number in (0, 1{(belowOne ? ")" : "]")}"));
        return fallback;
    }

    /// <summary>true/on/yes or false/off/no, or the fallback.</summary>
    public bool Flag(string key, bool fallback)
    {
        switch (_spec.Text(key)?.ToLowerInvariant())
        {
            case null:
                return fallback;
            case "true" or "on" or "yes":
                return true;
            case "false" or "off" or "no":
                return false;
            default:
                _errors.Add(new SpecError(Key(key), $"'{_spec.Text(key)}' must be true or false"));
                return fallback;
        }
    }

    /// <summary>Records a problem that involves more than one option, under the key the user should change.</summary>
    public void Fail(string key, string message) => _errors.Add(new SpecError(Key(key), message));

    /// <summary>Throws when the options were not valid; the sweep validator reports them before this can happen.</summary>
    public void ThrowIfInvalid()
    {
        if (_errors.Count > 0)
        {
            throw new InvalidSweepException("strategy", _errors);
        }
    }

    public static string Key(string option) => $"sweep.strategy.{option}";
}
