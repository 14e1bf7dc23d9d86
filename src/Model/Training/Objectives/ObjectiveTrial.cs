using ActorTune.Model.Data;
using ActorTune.Model.Space;

namespace ActorTune.Model.Training.Objectives;

/// <summary>
/// The <see cref="ITrial"/> an objective is given: answers each "suggest" from the trial's proposal, or from a fixed
/// value of the sweep's space, or — for a parameter the proposal lacks — by sampling it on its scale from the trial's
/// seed and the parameter's name; keeps what it sampled until the trial actor takes it to the supervisor. Reports go
/// to the trainable that bridges the objective onto the trial actor. Safe to call from any thread (ask-and-tell).
/// </summary>
public sealed class ObjectiveTrial : ITrial
{
    private readonly TrialContext _context;
    private readonly SearchSpace _space;
    private readonly Func<int, IReadOnlyDictionary<string, double>, byte[]?, CancellationToken, Task<bool>> _report;
    private readonly Action<byte[]> _save;
    private readonly object _lock = new();
    private readonly Dictionary<string, ParameterSpec> _asked = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ParamValue> _values = new(StringComparer.Ordinal);
    private readonly List<ParameterSpec> _declared = [];
    private readonly Dictionary<string, ParamValue> _sampled = new(StringComparer.Ordinal);

    internal ObjectiveTrial(TrialContext context, SearchSpace space,
        Func<int, IReadOnlyDictionary<string, double>, byte[]?, CancellationToken, Task<bool>> report, Action<byte[]> save)
    {
        _context = context;
        _space = space;
        _report = report;
        _save = save;
    }

    /// <inheritdoc />
    public int Id => _context.TrialId;

    /// <inheritdoc />
    public int Seed => _context.Seed;

    /// <inheritdoc />
    public int Epochs => _context.Epochs;

    /// <inheritdoc />
    public string Metric => _context.Metric ?? "";

    /// <inheritdoc />
    public PreparedData? Data => _context.Data;

    /// <inheritdoc />
    public byte[]? Checkpoint { get; internal set; }

    /// <inheritdoc />
    public int CheckpointEpoch { get; internal set; }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, ParamValue> Params
    {
        get
        {
            lock (_lock)
            {
                return new Dictionary<string, ParamValue>(_values, StringComparer.Ordinal);
            }
        }
    }

    /// <inheritdoc />
    public double Float(string name, double min, double max) => Suggest(new RangeParameter(name, Scale.Linear, min, max)).Number;

    /// <inheritdoc />
    public double Log(string name, double min, double max) => Suggest(new RangeParameter(name, Scale.Log, min, max)).Number;

    /// <inheritdoc />
    public double OneMinusLog(string name, double min, double max) => Suggest(new RangeParameter(name, Scale.OneMinusLog, min, max)).Number;

    /// <inheritdoc />
    public int Int(string name, int min, int max) => (int)Math.Round(Suggest(new RangeParameter(name, Scale.Int, min, max)).Number);

    /// <inheritdoc />
    public int IntLog(string name, int min, int max) => (int)Math.Round(Suggest(new RangeParameter(name, Scale.IntLog, min, max)).Number);

    /// <inheritdoc />
    public string Choice(string name, params string[] values) =>
        Suggest(new ChoiceParameter(name, values.Select(ParamValue.Of).ToList())).Text;

    /// <inheritdoc />
    public double Choice(string name, params double[] values) =>
        Suggest(new ChoiceParameter(name, values.Select(ParamValue.Of).ToList())).Number;

    /// <inheritdoc />
    public void SaveCheckpoint(byte[] state) => _save(state.ToArray());

    /// <inheritdoc />
    public Task<bool> ReportAsync(int epoch, IReadOnlyDictionary<string, double> metrics, CancellationToken cancellationToken = default, byte[]? checkpoint = null) =>
        _report(epoch, metrics, checkpoint, cancellationToken);

    /// <inheritdoc />
    public Task<bool> ReportAsync(int epoch, double value, CancellationToken cancellationToken = default, byte[]? checkpoint = null) =>
        _report(epoch, new Dictionary<string, double> { [Metric] = value }, checkpoint, cancellationToken);

    /// <summary>The parameters first asked for and the values sampled since the last call; null when none.</summary>
    internal (IReadOnlyList<ParameterSpec> Parameters, TrialConfig Values)? TakeDeclared()
    {
        lock (_lock)
        {
            if (_declared.Count == 0)
            {
                return null;
            }
            var taken = ((IReadOnlyList<ParameterSpec>)_declared.ToList(), new TrialConfig(_sampled));
            _declared.Clear();
            _sampled.Clear();
            return taken;
        }
    }

    private ParamValue Suggest(ParameterSpec declared)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(declared.Name);
        lock (_lock)
        {
            if (_asked.TryGetValue(declared.Name, out var asked))
            {
                return asked.Equals(declared)
                    ? _values[declared.Name]
                    : throw new ArgumentException($"parameter '{declared.Name}' was asked for as {asked.Describe()}, then as {declared.Describe()}");
            }
            if (ParameterDeclarations.Conflict(_space, declared) is { } problem)
            {
                throw new ArgumentException(problem);
            }
            var known = _space.Find(declared.Name);
            ParamValue value;
            if (known is FixedParameter fixedValue)
            {
                value = fixedValue.Value;
            }
            else if (_context.Config.Contains(declared.Name))
            {
                value = _context.Config[declared.Name];
            }
            else
            {
                value = ParameterDeclarations.Sample(declared, _context.Seed);
                _sampled[declared.Name] = value;
            }
            if (known is null || _sampled.ContainsKey(declared.Name))
            {
                _declared.Add(declared);
            }
            _asked[declared.Name] = declared;
            _values[declared.Name] = value;
            return value;
        }
    }
}
