namespace ActorTune.Model.Training;

/// <summary>
/// A model ActorTune can tune. One instance trains one trial, one epoch per call, on one thread; the trial
/// actor calls <see cref="RunEpoch"/> once per message so a trial can be stopped or paused between epochs.
/// </summary>
/// <example>
/// A user's own trainable, named in the sweep file as <c>model = "MyLib.MyTrainer, MyLib"</c>:
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

    /// <summary>Everything needed to continue exactly where this epoch ended (weights, optimizer state).</summary>
    byte[] SaveCheckpoint();

    /// <summary>Restores a state written by <see cref="SaveCheckpoint"/>; the next epoch continues from it.</summary>
    void LoadCheckpoint(byte[] state);
}
