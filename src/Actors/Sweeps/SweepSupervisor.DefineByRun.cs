using ActorTune.Actors.Messages;
using ActorTune.Model.Events;
using ActorTune.Model.Space;
using ActorTune.Model.State;
using Akka.Actor;

namespace ActorTune.Actors.Sweeps;

/// <summary>
/// Define-by-run: a trial's objective asked for parameters its proposal lacked. Known ones must keep their range and
/// scale (otherwise the trial fails, with both in the reason); new ones join the sweep's space through the log, and the
/// strategy learns of them so its next proposals include them.
/// </summary>
public sealed partial class SweepSupervisor
{
    private void OnDeclared(TrialDeclaredParameters declared)
    {
        if (!_state.HasTrial(declared.TrialId) || _state.Trial(declared.TrialId) is not { Status: TrialStatus.Running } trial ||
            trial.Attempt != declared.Attempt)
        {
            return;
        }
        if (ParameterDeclarations.Conflict(Spec.Space, declared.Parameters) is { } problem)
        {
            Decide(new TrialEnding(declared.TrialId, declared.Attempt, TrialStatus.Failed, problem, DateTimeOffset.UtcNow));
            return;
        }
        Emit(new ParametersDeclared(declared.TrialId, declared.Parameters, declared.Values));
        _strategy.Tell(new ParametersLearned(declared.TrialId, Spec.Space, declared.Values));
    }
}
