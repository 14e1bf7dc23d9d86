namespace ActorTune;

/// <summary>
/// An objective as a type: what a sweep file can name (<c>model = "MyLib.MyObjective, MyLib"</c>, <c>assembly =
/// "bin/MyLib.dll"</c>) so that <c>actortune run</c>, a cluster's workers and <c>Tuner.RunAsync&lt;T&gt;</c> run it.
/// A new instance runs each trial; it needs a public parameterless constructor.
/// </summary>
/// <example>
/// <code>
/// public sealed class MyObjective : IObjective
/// {
///     public async Task RunAsync(ITrial trial, CancellationToken cancellationToken)
///     {
///         var lr = trial.Log("learning-rate", 1e-4, 1);
///         for (var epoch = 1; await trial.ReportAsync(epoch, Math.Abs(Math.Log10(lr) + 2) / epoch, cancellationToken); epoch++)
///         {
///         }
///     }
/// }
/// </code>
/// </example>
public interface IObjective
{
    /// <summary>Trains one trial: asks for its hyperparameters and reports every epoch (see <see cref="ITrial"/>).</summary>
    /// <param name="trial">The trial to train: its hyperparameters, reports and checkpoint.</param>
    /// <param name="cancellationToken">Cancelled when the trial ends early (pruned, the sweep stopped).</param>
    Task RunAsync(ITrial trial, CancellationToken cancellationToken);
}
