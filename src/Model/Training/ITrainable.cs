namespace ActorTune.Model.Training;

/// <summary>
/// A model ActorTune can tune. One instance trains one trial, one epoch per call, on one thread; the trial
/// actor calls <see cref="RunEpoch"/> once per message so a trial can be stopped or paused between epochs.
/// </summary>
/// <remarks>
/// <para>Your own trainable lives in your own assembly: a public class implementing this interface with a public
/// constructor taking a <see cref="TrialContext"/>, named in the sweep file as <c>model = "MyLib.MyTrainer, MyLib"</c>
/// with <c>assembly = "path/to/MyLib.dll"</c> (relative to the directory <c>actortune</c> runs in). Build it
/// against ActorTune.Model; ActorTune loads it in an assembly load context of its own and shares its own
/// ActorTune.Model with it.</para>
/// <para>The constructor gets everything a trial is: <see cref="TrialContext.Config"/> (the trial's
/// hyperparameters by their names in <c>space</c>, fixed ones included), <see cref="TrialContext.Seed"/> (derived
/// from the sweep's seed and the trial id: seed every random choice from it and the trial is repeatable),
/// <see cref="TrialContext.Epochs"/>, <see cref="TrialContext.Data"/> (the sweep's <c>data</c> block, loaded,
/// split and standardised; null without one) and <see cref="TrialContext.Model"/> (the model's options).</para>
/// <para>Metrics are free names (<c>val_accuracy</c>, <c>val_loss</c>, …); the sweep's <c>metric</c> must be one of
/// them. A NaN or infinite value of a metric whose name ends in <c>loss</c> ends the trial as diverged; an exception
/// ends it as failed with the exception's message; the sweep goes on either way. <see cref="IDisposable.Dispose"/> runs when the
/// trial ends for any reason, on the trial's thread.</para>
/// </remarks>
/// <example>
/// A user's own trainable, named in the sweep file as <c>model = "MyLib.MyTrainer, MyLib"</c> (a complete one, softmax
/// regression on the sweep's data, is <c>examples/plugin/SoftmaxRegression.cs</c>):
/// <code>
/// public sealed class MyTrainer(TrialContext context) : ITrainable
/// {
///     private readonly double _lr = context.Config.Number("learning-rate", 1e-3);
///     public IReadOnlyDictionary&lt;string, double&gt; RunEpoch(int epoch) =&gt;
///         new Dictionary&lt;string, double&gt; { ["val_loss"] = 1.0 / (epoch * _lr) };
///     public byte[] SaveCheckpoint() =&gt; [];
///     public void LoadCheckpoint(byte[] state) { }
///     public void Dispose() { }
/// }
/// </code>
/// </example>
public interface ITrainable : IDisposable
{
    /// <summary>Trains epoch <paramref name="epoch"/> (1-based) and returns its metrics by name.</summary>
    IReadOnlyDictionary<string, double> RunEpoch(int epoch);

    /// <summary>
    /// Everything needed to continue exactly where this epoch ended (weights, optimizer state, the random generator's
    /// position if it matters). Saved every <c>checkpoint-every</c> epochs in the sweep database; a trial restarted
    /// after a crash is built anew and given the newest one.
    /// </summary>
    byte[] SaveCheckpoint();

    /// <summary>Restores a state written by <see cref="SaveCheckpoint"/>; the next epoch continues from it.</summary>
    void LoadCheckpoint(byte[] state);
}
