using ActorTune.Model.Training;
using ActorTune.Model.Training.Plugins;

namespace ActorTune.Model.Sweep;

/// <summary>
/// What a host checks in a sweep it is handed over the network, before anything of it is made: the same validation
/// as a sweep file on the client (a hand-made message skips the client), and that it runs no program or assembly of
/// the submitter's choosing unless the host's operator allowed that (<c>actortune host --allow-commands</c>): such a
/// model runs with the host's rights on the host and on every worker.
/// </summary>
public static class SubmissionCheck
{
    public static IReadOnlyList<SpecError> Errors(SweepSpec spec, bool allowCommands)
    {
        List<SpecError> errors;
        try
        {
            errors = SweepSpecValidator.Validate(spec).ToList();
        }
        catch (Exception e) when (e is NullReferenceException or ArgumentException or InvalidOperationException)
        {
            return [new SpecError("sweep", $"malformed submission ({e.GetType().Name}: {e.Message})")];
        }
        if (!allowCommands && spec.Model?.Type == TrainableCatalog.Command)
        {
            errors.Add(new SpecError("sweep.model", "model = command runs a program on the host and its workers; this host refuses it (start it with --allow-commands to allow)"));
        }
        else if (!allowCommands && spec.Model is not null && PluginTrainables.IsPlugin(spec.Model))
        {
            errors.Add(new SpecError("sweep.model", $"'{spec.Model.Type}' loads a .NET assembly on the host and its workers; this host refuses plugin models (start it with --allow-commands to allow)"));
        }
        return errors;
    }
}
