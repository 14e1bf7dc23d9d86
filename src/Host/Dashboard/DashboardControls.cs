using ActorTune.Actors.Messages;
using ActorTune.Actors.Sweeps;
using ActorTune.Host.Commands;
using ActorTune.Host.Configuration;
using ActorTune.Model.Data;
using ActorTune.Model.Sweep;
using Akka.Actor;

namespace ActorTune.Host.Dashboard;

/// <summary>
/// The host's controls behind the dashboard's buttons: the very messages the command line sends (<c>submit</c>,
/// <c>pause</c>/<c>continue</c>/<c>cancel</c>, the babysitter's commands), to the same actors, so they land as the
/// same events in the same log. A submitted file goes through the same loader and checks as <c>actortune submit</c>.
/// </summary>
public sealed class DashboardControls
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);
    private readonly ActorSystem _system;
    private readonly IActorRef _manager;

    public DashboardControls(ActorSystem system, IActorRef manager)
    {
        _system = system;
        _manager = manager;
    }

    public static readonly string[] SweepActions = ["pause", "continue", "cancel"];

    public async Task<(bool Accepted, string Message)> ControlAsync(string name, string action, string by)
    {
        var reply = await _manager.Ask<ControlReply>(new ControlSweep(name, action, by), AskTimeout);
        return (reply.Accepted, reply.Message);
    }

    /// <summary>Checks the file as <c>submit</c> does (relative data paths against the host's directory), then hands it to the host.</summary>
    /// <returns>Status 200 when the host took it, 400 for a bad file (the same messages as the command line), 409 when refused.</returns>
    public async Task<(int Status, string Message)> SubmitAsync(string fileName, string text)
    {
        SweepSpec spec;
        try
        {
            spec = SweepFileLoader.Parse(text, fileName, Environment.CurrentDirectory);
            RunCommand.PreloadData(spec);
        }
        catch (InvalidSweepException e)
        {
            return (400, e.Message);
        }
        catch (DataFormatException e)
        {
            return (400, e.Message);
        }
        return await _manager.Ask<object>(new SubmitSweep(spec, text), TimeSpan.FromMinutes(2)) switch
        {
            SweepSubmitted submitted => (200, $"{submitted.Name} submitted (database {submitted.Database})"),
            SweepRejected rejected => (rejected.BadInput ? 400 : 409, rejected.Reason),
            var other => (500, $"unexpected answer {other.GetType().Name}"),
        };
    }

    /// <summary>A babysitter's command for the sweep's running trial, sent to the sweep's session on this host.</summary>
    public async Task<(bool Accepted, string Message)> InterveneAsync(string name, Intervene command)
    {
        IActorRef session;
        try
        {
            session = await _system.ActorSelection(_manager.Path / SweepSupervisor.PersistenceIdFor(name)).ResolveOne(TimeSpan.FromSeconds(3));
        }
        catch (ActorNotFoundException)
        {
            return (false, $"no sweep named '{name}' runs on this host");
        }
        var reply = await session.Ask<InterventionReply>(command, AskTimeout);
        return (reply.Accepted, reply.Message);
    }
}
