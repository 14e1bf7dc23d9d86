using System.Text.Json.Serialization;

namespace ActorTune.Model.Space;

/// <summary>
/// One axis of the search space. Every parameter maps the unit interval [0, 1] onto its values, uniformly on
/// its own scale, so strategies (random, grid, Sobol, coarse-to-fine, TPE) all work in one unit cube and the
/// scale lives in exactly one place.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(RangeParameter), "range")]
[JsonDerivedType(typeof(ChoiceParameter), "choice")]
[JsonDerivedType(typeof(FixedParameter), "fixed")]
public abstract record ParameterSpec(string Name)
{
    /// <summary>The value at unit position <paramref name="u"/> (0 ≤ u ≤ 1).</summary>
    public abstract ParamValue FromUnit(double u);

    /// <summary>The unit position of a value; the middle of its cell for integers and choices.</summary>
    public abstract double ToUnit(ParamValue value);

    /// <summary>The values a grid with <paramref name="points"/> points per axis visits, distinct, in order.</summary>
    public abstract IReadOnlyList<ParamValue> GridValues(int points);

    /// <summary>True when the parameter is searched at all (a fixed value is not).</summary>
    [JsonIgnore]
    public virtual bool IsSearched => true;

    /// <summary>How the parameter is described to a user: "log [0.0001, 1]", "values [16, 32]".</summary>
    public abstract string Describe();
}

/// <summary>A numeric range sampled on a scale (linear, log, one-minus-log, int, int-log).</summary>
public sealed record RangeParameter(string Name, Scale Scale, double Min, double Max) : ParameterSpec(Name)
{
    // Integers own the half-open cell [k - 0.5, k + 0.5) on the axis, so the end values get a full share.
    private double AxisLow => Scale switch
    {
        Scale.Int => Min - 0.5,
        Scale.IntLog => Math.Log(Min - 0.5),
        _ => ToAxis(Min),
    };

    private double AxisHigh => Scale switch
    {
        Scale.Int => Max + 0.5,
        Scale.IntLog => Math.Log(Max + 0.5),
        _ => ToAxis(Max),
    };

    /// <summary>The coordinate in which the scale is uniform: ln x for log, ln(1-x) for one-minus-log.</summary>
    public double ToAxis(double value) => Scale switch
    {
        Scale.Linear or Scale.Int => value,
        Scale.Log or Scale.IntLog => Math.Log(value),
        Scale.OneMinusLog => Math.Log(1 - value),
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    public double FromAxis(double axis) => Scale switch
    {
        Scale.Linear or Scale.Int => axis,
        Scale.Log or Scale.IntLog => Math.Exp(axis),
        Scale.OneMinusLog => 1 - Math.Exp(axis),
        _ => throw new ArgumentOutOfRangeException(nameof(axis)),
    };

    public override ParamValue FromUnit(double u)
    {
        var value = FromAxis(AxisLow + Math.Clamp(u, 0, 1) * (AxisHigh - AxisLow));
        if (Scale.IsInteger())
        {
            value = Math.Floor(value + 0.5);
        }
        return ParamValue.Of(Math.Clamp(value, Min, Max));
    }

    public override double ToUnit(ParamValue value)
    {
        var span = AxisHigh - AxisLow;
        return span == 0 ? 0.5 : Math.Clamp((ToAxis(value.Number) - AxisLow) / span, 0, 1);
    }

    public override IReadOnlyList<ParamValue> GridValues(int points)
    {
        if (points <= 1 || Min == Max)
        {
            return [FromAxisRounded(Min == Max ? ToAxis(Min) : (ToAxis(Min) + ToAxis(Max)) / 2)];
        }
        var low = ToAxis(Min);
        var high = ToAxis(Max);
        return Enumerable.Range(0, points)
            .Select(i => FromAxisRounded(low + (high - low) * i / (points - 1)))
            .Distinct()
            .ToList();
    }

    private ParamValue FromAxisRounded(double axis)
    {
        var value = FromAxis(axis);
        if (Scale.IsInteger())
        {
            value = Math.Round(value, MidpointRounding.AwayFromZero);
        }
        return ParamValue.Of(Math.Clamp(value, Min, Max));
    }

    public override string Describe() =>
        $"{Scale.ToName()} [{ParamValue.Format(Min)}, {ParamValue.Format(Max)}]";
}

/// <summary>A choice among listed values (numbers or words), each equally likely.</summary>
public sealed record ChoiceParameter(string Name, IReadOnlyList<ParamValue> Values) : ParameterSpec(Name)
{
    public override ParamValue FromUnit(double u) =>
        Values[Math.Min(Values.Count - 1, (int)Math.Floor(Math.Clamp(u, 0, 1) * Values.Count))];

    public override double ToUnit(ParamValue value)
    {
        var index = IndexOf(value);
        return index < 0 ? 0.5 : (index + 0.5) / Values.Count;
    }

    public int IndexOf(ParamValue value)
    {
        for (var i = 0; i < Values.Count; i++)
        {
            if (Values[i].Equals(value))
            {
                return i;
            }
        }
        return -1;
    }

    public override IReadOnlyList<ParamValue> GridValues(int points) => Values;

    public override string Describe() => $"values [{string.Join(", ", Values)}]";

    public bool Equals(ChoiceParameter? other) =>
        other is not null && Name == other.Name && Values.SequenceEqual(other.Values);

    public override int GetHashCode() => HashCode.Combine(Name, Values.Count);
}

/// <summary>A value that is set, not searched (optimizer = adam).</summary>
public sealed record FixedParameter(string Name, ParamValue Value) : ParameterSpec(Name)
{
    public override bool IsSearched => false;

    public override ParamValue FromUnit(double u) => Value;

    public override double ToUnit(ParamValue value) => 0.5;

    public override IReadOnlyList<ParamValue> GridValues(int points) => [Value];

    public override string Describe() => $"fixed {Value}";
}
