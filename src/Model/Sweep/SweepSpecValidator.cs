using ActorTune.Model.Schedulers;
using ActorTune.Model.Space;
using ActorTune.Model.Strategies;
using ActorTune.Model.Training;

namespace ActorTune.Model.Sweep;

/// <summary>
/// Everything that can be wrong with a parsed sweep, each with its key, checked before anything runs. It takes a
/// spec rather than a file so that whoever holds a spec (the sweep-file loader, the host receiving a submission)
/// gets the same list, every problem at once and one line per problem.
/// </summary>
public static class SweepSpecValidator
{
    public static IReadOnlyList<SpecError> Validate(SweepSpec spec)
    {
        var errors = new List<SpecError>();
        if (!SweepSpec.IsValidName(spec.Name))
        {
            errors.Add(new("sweep.name", $"'{spec.Name}' must be 1-100 letters, digits, '-' or '_'"));
        }
        if (spec.Epochs < 1)
        {
            errors.Add(new("sweep.epochs", $"{spec.Epochs} must be at least 1"));
        }
        if (spec.Trials < 1)
        {
            errors.Add(new("sweep.trials", $"{spec.Trials} must be at least 1"));
        }
        if (spec.Concurrency < 1)
        {
            errors.Add(new("sweep.concurrency", $"{spec.Concurrency} must be at least 1"));
        }
        if (spec.TimeBudget is { } budget && budget <= TimeSpan.Zero)
        {
            errors.Add(new("sweep.time-budget", $"{budget} must be more than zero"));
        }
        if (spec.CheckpointEvery < 1)
        {
            errors.Add(new("sweep.checkpoint-every", $"{spec.CheckpointEvery} must be at least 1"));
        }
        if (spec.Data is { } data && !(data.Validation > 0 && data.Validation < 1))
        {
            errors.Add(new("sweep.data.validation", $"{data.Validation} must be between 0 and 1 (exclusive)"));
        }
        if (spec.Data is { Folds: < 0 or 1 } badFolds)
        {
            errors.Add(new("sweep.data.folds", $"{badFolds.Folds} must be at least 2 (k-fold cross-validation; leave it out for one held-out split)"));
        }
        // A sweep run from code may declare every parameter as its objective asks for it (define-by-run).
        if (spec.Space.Parameters.Count == 0 && spec.Model.Type != TrainableCatalog.Library)
        {
            errors.Add(new("sweep.space", "no parameters: a sweep needs at least one"));
        }
        foreach (var parameter in spec.Space.Parameters)
        {
            errors.AddRange(ValidateParameter(parameter, $"sweep.space.{parameter.Name}"));
        }
        // The model, strategy and scheduler check their own options and names; a key the checks above already
        // refused is not reported twice.
        var parts = TrainableCatalog.Validate(spec).Concat(StrategyCatalog.Validate(spec)).Concat(SchedulerCatalog.Validate(spec));
        return SpecErrorMerge.Merge(errors, parts);
    }

    public static IEnumerable<SpecError> ValidateParameter(ParameterSpec parameter, string key)
    {
        switch (parameter)
        {
            case RangeParameter range:
                if (!double.IsFinite(range.Min) || !double.IsFinite(range.Max))
                {
                    yield return new(key, "min and max must be finite numbers");
                    yield break;
                }
                if (range.Min > range.Max)
                {
                    yield return new(key, $"min > max ({ParamValue.Format(range.Min)} > {ParamValue.Format(range.Max)})");
                }
                if (range.Scale is Scale.Log && range.Min <= 0)
                {
                    yield return new($"{key}.min", $"a log scale needs min > 0 (got {ParamValue.Format(range.Min)})");
                }
                if (range.Scale is Scale.IntLog && range.Min < 1)
                {
                    yield return new($"{key}.min", $"an int-log scale needs min >= 1 (got {ParamValue.Format(range.Min)})");
                }
                if (range.Scale is Scale.OneMinusLog && range.Max >= 1)
                {
                    yield return new($"{key}.max", $"one-minus-log needs max < 1, since it samples 1-x on a log scale (got {ParamValue.Format(range.Max)})");
                }
                if (range.Scale.IsInteger() && (range.Min != Math.Floor(range.Min) || range.Max != Math.Floor(range.Max)))
                {
                    yield return new(key, $"an {range.Scale.ToName()} scale needs integer min and max");
                }
                break;
            case ChoiceParameter choice when choice.Values.Count == 0:
                yield return new($"{key}.values", "an empty list: give at least one value");
                break;
        }
    }
}
