using ActorTune.Model.Data;
using ActorTune.Model.Space;

namespace ActorTune;

/// <summary>
/// One trial as an objective sees it (define-by-run, as in Optuna): it asks for each hyperparameter when it needs
/// it, on the parameter's own scale, reports each epoch's metrics and learns whether to go on. A parameter asked for
/// the first time in a sweep is sampled by the trial and becomes part of the sweep's search space; later trials get
/// it from the strategy. Asking for the same name again returns the same value.
/// </summary>
/// <example>
/// <code>
/// await Tuner.Open("tune.db").RunAsync("mlp", async (trial, ct) =&gt;
/// {
///     var lr = trial.Log("learning-rate", 1e-4, 1);
///     var layers = trial.Int("layers", 1, 3);
///     var units = Enumerable.Range(1, layers).Select(i =&gt; trial.Int($"units-{i}", 16, 256)).ToList();
///     for (var epoch = trial.CheckpointEpoch + 1; epoch &lt;= trial.Epochs; epoch++)
///     {
///         var loss = Train(lr, units, epoch);
///         if (!await trial.ReportAsync(epoch, new Dictionary&lt;string, double&gt; { ["val_loss"] = loss }, ct))
///         {
///             return; // pruned, stopped, or the epoch budget is spent
///         }
///     }
/// }, new TunerOptions { Metric = "val_loss", Goal = "min", Trials = 20, Epochs = 10 });
/// </code>
/// </example>
public interface ITrial
{
    /// <summary>The trial's id in its sweep (1, 2, 3, …), as <c>actortune show</c> lists it.</summary>
    int Id { get; }

    /// <summary>Derived from the sweep's seed and <see cref="Id"/>: seed your own random choices from it and the trial is repeatable.</summary>
    int Seed { get; }

    /// <summary>The most epochs the sweep gives a trial; a report past it is answered with false.</summary>
    int Epochs { get; }

    /// <summary>The name of the sweep's metric: what <see cref="ReportAsync(int, double, CancellationToken, byte[])"/> reports.</summary>
    string Metric { get; }

    /// <summary>The hyperparameters this trial has asked for so far, by name.</summary>
    IReadOnlyDictionary<string, ParamValue> Params { get; }

    /// <summary>The sweep file's <c>data</c> set, loaded and split (an objective named in a sweep file); null otherwise.</summary>
    PreparedData? Data { get; }

    /// <summary>
    /// The state the objective saved last (<see cref="SaveCheckpoint"/> or a report's checkpoint) when this attempt
    /// continues an interrupted one (a killed process, a lost node); null for a fresh start. Continue from it, with
    /// epoch <see cref="CheckpointEpoch"/> + 1.
    /// </summary>
    byte[]? Checkpoint { get; }

    /// <summary>The epochs already done when this attempt began (0 for a fresh start); reports up to it are ignored.</summary>
    int CheckpointEpoch { get; }

    /// <summary>A number uniform in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    double Float(string name, double min, double max);

    /// <summary>A number log-uniform in [<paramref name="min"/>, <paramref name="max"/>] (min &gt; 0): learning rates, decays.</summary>
    double Log(string name, double min, double max);

    /// <summary>A number whose 1 - x is log-uniform (max &lt; 1): averaging betas such as 0.9 … 0.999.</summary>
    double OneMinusLog(string name, double min, double max);

    /// <summary>An integer uniform in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    int Int(string name, int min, int max);

    /// <summary>An integer log-uniform in [<paramref name="min"/>, <paramref name="max"/>] (min ≥ 1): as many draws in 16…32 as in 128…256.</summary>
    int IntLog(string name, int min, int max);

    /// <summary>One of <paramref name="values"/>, each equally likely.</summary>
    string Choice(string name, params string[] values);

    /// <summary>One of <paramref name="values"/>, each equally likely.</summary>
    double Choice(string name, params double[] values);

    /// <summary>Keeps <paramref name="state"/> as the trial's checkpoint from the next report on (copied).</summary>
    void SaveCheckpoint(byte[] state);

    /// <summary>
    /// Reports epoch <paramref name="epoch"/>'s metrics (the sweep's metric among them) and waits for the sweep's word:
    /// true to train the next epoch, false when the trial ends here (pruned, stopped, its epoch budget spent). Epochs
    /// count 1, 2, 3, …; a report with an epoch at or below <see cref="CheckpointEpoch"/> is ignored (answered true).
    /// </summary>
    /// <param name="epoch">The epoch reported (1, 2, 3, …).</param>
    /// <param name="metrics">The epoch's metrics by name; the sweep's metric must be among them.</param>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    /// <param name="checkpoint">The state after this epoch, saved with it (as <see cref="SaveCheckpoint"/>).</param>
    Task<bool> ReportAsync(int epoch, IReadOnlyDictionary<string, double> metrics, CancellationToken cancellationToken = default, byte[]? checkpoint = null);

    /// <summary>Reports <paramref name="value"/> as the sweep's <see cref="Metric"/> for epoch <paramref name="epoch"/>.</summary>
    /// <param name="epoch">The epoch reported (1, 2, 3, …).</param>
    /// <param name="value">The value of the sweep's metric.</param>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    /// <param name="checkpoint">The state after this epoch, saved with it (as <see cref="SaveCheckpoint"/>).</param>
    Task<bool> ReportAsync(int epoch, double value, CancellationToken cancellationToken = default, byte[]? checkpoint = null);
}
