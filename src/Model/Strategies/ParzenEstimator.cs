using ActorTune.Model.Space;
using MathNet.Numerics.Distributions;

namespace ActorTune.Model.Strategies;

/// <summary>
/// A Parzen (kernel) density over a search space's unit cube, where every parameter is uniform on its own scale:
/// one component per observed point plus a wide prior component over the whole cube, each a product over
/// parameters of a Gaussian truncated to [0, 1] (ranges), its mass over an integer's cell (int ranges) or a
/// distribution leaning towards the observed value (choices). TPE fits one to the good trials and one to the rest.
/// </summary>
public sealed class ParzenEstimator
{
    private const double PriorWeight = 1.0;
    private const double MinBandwidth = 1e-3;
    private static readonly Normal Standard = new(0, 1);

    private readonly IReadOnlyList<Axis> _axes;
    private readonly double[][] _centres;
    private readonly double[][] _bandwidths;
    private readonly double[][] _truncation;
    private readonly double _logWeight;

    /// <param name="points">Observed unit-cube points (one coordinate per searched parameter).</param>
    public ParzenEstimator(IReadOnlyList<Axis> axes, IReadOnlyList<double[]> points)
    {
        _axes = axes;
        var n = points.Count;
        // Components 0..n-1 are the observations, component n the prior (centre of the cube, width of the cube).
        _centres = new double[n + 1][];
        _bandwidths = new double[n + 1][];
        _truncation = new double[n + 1][];
        for (var i = 0; i <= n; i++)
        {
            _centres[i] = i < n ? points[i] : axes.Select(_ => 0.5).ToArray();
            _bandwidths[i] = new double[axes.Count];
        }
        for (var d = 0; d < axes.Count; d++)
        {
            var widths = NeighbourBandwidths(_centres.Select(c => c[d]).ToList());
            for (var i = 0; i < n; i++)
            {
                _bandwidths[i][d] = widths[i];
            }
            _bandwidths[n][d] = 1.0;
        }
        for (var i = 0; i <= n; i++)
        {
            _truncation[i] = axes.Select((_, d) => Mass(_centres[i][d], _bandwidths[i][d], 0, 1)).ToArray();
        }
        // Every observation weighs 1 and the prior PriorWeight; log of the normalised observation weight.
        _logWeight = -Math.Log(n + PriorWeight);
    }

    /// <summary>How a coordinate is read: a continuous range, an integer range (cells), or a choice of n values.</summary>
    public abstract record Axis
    {
        public static IReadOnlyList<Axis> Of(SearchSpace space) => space.Searched.Select(Of).ToList();

        public static Axis Of(ParameterSpec parameter) => parameter switch
        {
            RangeParameter { Scale: Scale.Int or Scale.IntLog } range => new IntegerAxis(range),
            ChoiceParameter choice => new ChoiceAxis(choice.Values.Count),
            _ => new ContinuousAxis(),
        };
    }

    public sealed record ContinuousAxis : Axis;

    /// <summary>An integer range: a density is the mass over the unit-cube cell of the integer a coordinate falls in.</summary>
    public sealed record IntegerAxis(RangeParameter Range) : Axis
    {
        public (double Low, double High) Cell(double u)
        {
            var (wholeLow, wholeHigh) = RegionAxis.Of(Range, Range.Min, Range.Max);
            var k = Range.FromUnit(u).Number;
            var (low, high) = RegionAxis.Of(Range, k, k);
            return ((low - wholeLow) / (wholeHigh - wholeLow), (high - wholeLow) / (wholeHigh - wholeLow));
        }
    }

    /// <summary>A choice among <paramref name="Count"/> values; coordinate u means value floor(u · Count).</summary>
    public sealed record ChoiceAxis(int Count) : Axis
    {
        public int Index(double u) => Math.Min(Count - 1, (int)Math.Floor(Math.Clamp(u, 0, 1) * Count));

        public double Centre(int index) => (index + 0.5) / Count;
    }

    /// <summary>A point drawn from the density: a component by weight, then each coordinate from that component.</summary>
    public double[] Sample(Random random)
    {
        var component = Math.Min(_centres.Length - 1, (int)Math.Floor(random.NextDouble() * (_centres.Length - 1 + PriorWeight)));
        var point = new double[_axes.Count];
        for (var d = 0; d < _axes.Count; d++)
        {
            var (centre, width) = (_centres[component][d], _bandwidths[component][d]);
            point[d] = _axes[d] switch
            {
                ChoiceAxis choice => choice.Centre(SampleChoice(choice, component, d, random)),
                _ => SampleTruncated(centre, width, random),
            };
        }
        return point;
    }

    /// <summary>ln of the density at <paramref name="point"/> (a mass for integer and choice coordinates).</summary>
    public double LogDensity(double[] point)
    {
        var logs = new double[_centres.Length];
        for (var i = 0; i < _centres.Length; i++)
        {
            var log = i < _centres.Length - 1 ? _logWeight : Math.Log(PriorWeight) + _logWeight;
            for (var d = 0; d < _axes.Count && !double.IsNegativeInfinity(log); d++)
            {
                log += Math.Log(Component(i, d, point[d]));
            }
            logs[i] = log;
        }
        var max = logs.Max();
        return double.IsNegativeInfinity(max) ? max : max + Math.Log(logs.Sum(l => Math.Exp(l - max)));
    }

    private double Component(int i, int d, double x)
    {
        var (centre, width) = (_centres[i][d], _bandwidths[i][d]);
        switch (_axes[d])
        {
            case ChoiceAxis choice:
                return ChoiceProbability(choice, i, d, choice.Index(x));
            case IntegerAxis integer:
                var (low, high) = integer.Cell(x);
                return Math.Max(Mass(centre, width, Math.Max(0, low), Math.Min(1, high)), double.Epsilon) / _truncation[i][d];
            default:
                return Math.Max(Normal.PDF(centre, width, Math.Clamp(x, 0, 1)), double.Epsilon) / _truncation[i][d];
        }
    }

    /// <summary>
    /// An observation keeps most of its weight on its own value and spreads the prior's share over all values, as
    /// Optuna's TPE does: with few observations a choice is barely narrowed, with many it follows them.
    /// </summary>
    private double ChoiceProbability(ChoiceAxis choice, int component, int d, int index)
    {
        var observations = _centres.Length - 1;
        if (component == observations)
        {
            return 1.0 / choice.Count;
        }
        var spread = PriorWeight / (observations + 1);
        var own = choice.Index(_centres[component][d]) == index ? 1.0 : 0.0;
        return (spread + own) / (spread * choice.Count + 1);
    }

    private int SampleChoice(ChoiceAxis choice, int component, int d, Random random)
    {
        var u = random.NextDouble();
        for (var index = 0; index < choice.Count; index++)
        {
            u -= ChoiceProbability(choice, component, d, index);
            if (u < 0)
            {
                return index;
            }
        }
        return choice.Count - 1;
    }

    /// <summary>Inverse-CDF draw from a Gaussian truncated to [0, 1].</summary>
    private static double SampleTruncated(double centre, double width, Random random)
    {
        var low = Standard.CumulativeDistribution((0 - centre) / width);
        var high = Standard.CumulativeDistribution((1 - centre) / width);
        var u = low + random.NextDouble() * (high - low);
        return Math.Clamp(centre + width * Standard.InverseCumulativeDistribution(Math.Clamp(u, 1e-300, 1 - 1e-16)), 0, 1);
    }

    private static double Mass(double centre, double width, double low, double high) =>
        Math.Max(0, Standard.CumulativeDistribution((high - centre) / width) - Standard.CumulativeDistribution((low - centre) / width));

    /// <summary>
    /// Bergstra's rule, per coordinate: each centre's width is the larger of the gaps to its two neighbours (the prior's
    /// centre counts as one; the outermost centres take the gap to their one neighbour), so kernels are narrow where
    /// good points crowd and wide where they are alone; kept between the cube over the number of centres and the whole
    /// cube (Optuna's "magic clip"), so that a few early points cannot collapse the density onto themselves.
    /// </summary>
    private static double[] NeighbourBandwidths(IReadOnlyList<double> centres)
    {
        var order = Enumerable.Range(0, centres.Count).OrderBy(i => centres[i]).ToArray();
        var sorted = order.Select(i => centres[i]).ToArray();
        var widths = new double[centres.Count];
        var min = Math.Max(MinBandwidth, 1.0 / Math.Min(100, 1 + centres.Count));
        for (var k = 0; k < sorted.Length; k++)
        {
            var left = k > 0 ? sorted[k] - sorted[k - 1] : double.NaN;
            var right = k < sorted.Length - 1 ? sorted[k + 1] - sorted[k] : double.NaN;
            var width = (double.IsNaN(left), double.IsNaN(right)) switch
            {
                (true, true) => Math.Max(sorted[k], 1 - sorted[k]),
                (true, false) => right,
                (false, true) => left,
                _ => Math.Max(left, right),
            };
            widths[order[k]] = Math.Clamp(width, min, 1.0);
        }
        return widths;
    }
}
