using ActorTune.Model.Space;

namespace ActorTune.Model.Training.Objectives;

/// <summary>A trainable whose trial declares hyperparameters as it runs (define-by-run): the trial actor passes them on.</summary>
public interface IDeclaresParameters
{
    /// <summary>The parameters asked for and the values taken since the last call, or null when there are none.</summary>
    (IReadOnlyList<ParameterSpec> Parameters, TrialConfig Values)? TakeDeclared();
}
