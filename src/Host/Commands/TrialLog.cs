using ActorTune.Actors.Storage;
using ActorTune.Host.Hosting;
using ActorTune.Model.State;

namespace ActorTune.Host.Commands;

/// <summary><c>show NAME --log TRIAL</c>: the trial's kept log (an external program's standard error), attempt by attempt.</summary>
public static class TrialLog
{
    public static int Write(TrialLogStore logs, SweepState state, int trial)
    {
        var spec = state.RequireSpec();
        if (!state.HasTrial(trial))
        {
            Console.Error.WriteLine($"actortune: sweep {spec.Name} has no trial {trial} (it has {state.Trials.Count})");
            return ExitCodes.BadInput;
        }
        var entries = logs.Load(spec.Name, trial);
        if (entries.Count == 0)
        {
            Console.Error.WriteLine($"trial {trial} left no log (only model = command trials keep one: their standard error)");
            return ExitCodes.Done;
        }
        foreach (var entry in entries)
        {
            if (entries.Count > 1)
            {
                Console.WriteLine($"== attempt {entry.Attempt}");
            }
            Console.Write(entry.Text);
        }
        return ExitCodes.Done;
    }
}
