using ActorTune.Actors.Messages;
using ActorTune.Model.State;
using ActorTune.Model.Sweep;
using ActorTune.Model.Training;
using Akka.Actor;
using Akka.Event;

namespace ActorTune.Actors.Sweeps;

/// <summary>
/// A long-lived host's sweeps (<c>actortune host</c>), at <c>/user/sweeps</c>: resumes every unfinished sweep of
/// its database on start, takes submissions, answers list/show from the database and passes pause, continue and
/// cancel to the live sweep. A sweep that ends leaves memory (its session stops; its state stays in the
/// database), so a host that runs for weeks does not grow with the sweeps it has run. Reading the database (a sweep's
/// state, whether a process holds its lease) happens in tasks whose answers come back as messages: the manager itself
/// never waits, so a long read of a big sweep delays no control message.
/// </summary>
public sealed class SweepManager : ReceiveActor, IWithUnboundedStash
{
    public const string Name = "sweeps";

    private readonly string _database;
    private readonly bool _allowCommands;
    private readonly SweepStore _store;
    private readonly Dictionary<string, IActorRef> _sessions = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public SweepManager(string database, bool allowCommands)
    {
        _database = database;
        _allowCommands = allowCommands;
        _store = new SweepStore(Context.System);
        Resuming();
    }

    public IStash Stash { get; set; } = null!;

    /// <summary>Finding the database's unfinished sweeps; everything else waits, so the first list already sees them running.</summary>
    private void Resuming()
    {
        Receive<ResumeThese>(resume =>
        {
            foreach (var (name, state) in resume.Sweeps.Where(s => !_sessions.ContainsKey(s.Name)))
            {
                _log.Info("resuming sweep {Sweep}: {Finished} of {Trials} trials done ({Status})", name, state.Finished, state.Spec!.Trials,
                    state.Status.ToName());
                StartSession(name).Tell(new StartSweep(null, ""));
            }
            Stash.UnstashAll();
            Become(Serving);
        });
        Receive<Status.Failure>(failure =>
        {
            _log.Warning("could not read the database's sweeps to resume them: {Reason}", failure.Cause.Message);
            Stash.UnstashAll();
            Become(Serving);
        });
        ReceiveAny(_ => Stash.Stash());
    }

    private void Serving()
    {
        Receive<SubmitSweep>(Submit);
        Receive<ListSweeps>(_ => ListAsync(Running()).PipeTo(Sender));
        Receive<GetSweep>(get => GetAsync(get.Name, Running()).PipeTo(Sender));
        Receive<ControlSweep>(control =>
        {
            if (_sessions.TryGetValue(control.Name, out var session))
            {
                _log.Info("sweep {Sweep}: {Action} asked by {By}", control.Name, control.Action, control.By);
                session.Forward(control);
                return;
            }
            // A sweep that ended (cancelled, completed) has no session any more, but it does exist: say what it is.
            EndedSweepReplyAsync(control).PipeTo(Sender);
        });
        Receive<SweepEventPublished>(published => LogEvent(SweepOf(Sender), published));
        Receive<SweepFinished>(finished =>
        {
            var name = SweepOf(Sender);
            var best = finished.State.Best();
            _log.Info("sweep {Sweep} {Status}: {Trials} trials, best {Best} (trial {BestTrial})", name, finished.State.StatusText,
                finished.State.Trials.Count, best?.BestValue, best?.Id);
            Stop(name);
        });
        Receive<SweepRejected>(rejected =>
        {
            var name = SweepOf(Sender);
            _log.Warning("sweep {Sweep} stopped: {Reason}", name, rejected.Reason);
            Stop(name);
        });
        Receive<StopAllSweeps>(_ => StopAllAsync().PipeTo(Sender));
        Receive<Terminated>(t =>
        {
            foreach (var (name, session) in _sessions.Where(s => s.Value.Equals(t.ActorRef)).ToList())
            {
                _sessions.Remove(name);
            }
        });
    }

    /// <param name="allowCommands">Whether submitted sweeps may run <c>model = command</c> programs and plugin assemblies.</param>
    public static Props Props(string database, bool allowCommands = false) => Akka.Actor.Props.Create(() => new SweepManager(database, allowCommands));

    protected override void PreStart() => UnfinishedSweepsAsync().PipeTo(Self);

    /// <summary>Sessions are named sweep-NAME; a supervisor is the session's child.</summary>
    private static string SweepOf(IActorRef sender)
    {
        var path = sender.Path;
        var session = path.Name.StartsWith("sweep-", StringComparison.Ordinal) ? path : path.Parent;
        return session.Name.StartsWith("sweep-", StringComparison.Ordinal) ? session.Name["sweep-".Length..] : session.Name;
    }

    private IActorRef StartSession(string name)
    {
        var session = Context.ActorOf(SweepSession.Props(name), SweepSupervisor.PersistenceIdFor(name));
        Context.Watch(session);
        session.Tell(new ObserveSweep(), Self);
        _sessions[name] = session;
        return session;
    }

    private void Stop(string name)
    {
        if (_sessions.Remove(name, out var session))
        {
            Context.Stop(session);
        }
    }

    /// <summary>The sweeps this host resumes (logged by the actor: the task's thread has no actor context to log from): unfinished ones (a library sweep's objective lives in its own program: only that program can continue it).</summary>
    private async Task<ResumeThese> UnfinishedSweepsAsync()
    {
        var sweeps = new List<(string, SweepState)>();
        foreach (var name in await _store.NamesAsync())
        {
            var state = await _store.LoadAsync(name);
            if (state.Spec is not null && !state.Status.IsFinal() && state.Spec.Model.Type != TrainableCatalog.Library)
            {
                sweeps.Add((name, state));
            }
        }
        return new ResumeThese(sweeps);
    }

    private void Submit(SubmitSweep submit)
    {
        // The client checked its file, but anyone who reaches this port can hand-make the message: check it again
        // here, before an actor is named after it (a '/' in the name would throw in ActorOf, and this manager's
        // restart would stop every running sweep).
        IReadOnlyList<SpecError> refused = submit.Spec is null ? [new SpecError("sweep", "missing")] : SubmissionCheck.Errors(submit.Spec, _allowCommands);
        if (refused.Count > 0)
        {
            var shown = SafeName(submit.Spec?.Name);
            _log.Warning("refused a submission of sweep {Sweep} from {Sender}: {Errors}", shown, Sender.Path.Address, string.Join("; ", refused));
            Sender.Tell(new SweepRejected($"the host refused sweep {shown}:{Environment.NewLine}" +
                string.Join(Environment.NewLine, refused.Select(e => $"  {e}")), true));
            return;
        }
        var name = submit.Spec!.Name;
        if (_sessions.ContainsKey(name))
        {
            Sender.Tell(new SweepRejected($"sweep '{name}' is already running on this host", true));
            return;
        }
        var session = StartSession(name);
        var replyTo = Sender;
        var database = _database;
        session.Ask<object>(new StartSweep(submit.Spec, submit.SourceText), TimeSpan.FromMinutes(1)).ContinueWith(task => task switch
        {
            { IsCompletedSuccessfully: true, Result: SweepStarted } => new SweepSubmitted(name, database),
            { IsCompletedSuccessfully: true, Result: SweepRejected rejected } => rejected,
            _ => (object)new SweepRejected($"the host did not start sweep '{name}' in time", false),
        }, TaskScheduler.Default).PipeTo(replyTo);
        _log.Info("sweep {Sweep} submitted", name);
    }

    /// <summary>The sweeps with a live session here now: taken in the actor, read by the tasks below.</summary>
    private IReadOnlySet<string> Running() => _sessions.Keys.ToHashSet();

    private string StatusOf(string name, SweepState state, IReadOnlySet<string> running) =>
        running.Contains(name) && state.Status == SweepStatus.Running ? "running" : _store.StatusOf(name, state);

    private async Task<SweepList> ListAsync(IReadOnlySet<string> running)
    {
        var listings = new List<SweepListing>();
        foreach (var name in await _store.NamesAsync())
        {
            var state = await _store.LoadAsync(name);
            if (state.Spec is not null)
            {
                listings.Add(new SweepListing(state, StatusOf(name, state, running)));
            }
        }
        return new SweepList(listings, _database);
    }

    private async Task<object> GetAsync(string name, IReadOnlySet<string> running)
    {
        var state = await _store.LoadAsync(name);
        return state.Spec is null
            ? new SweepRejected($"no sweep named '{name}' in {_database}", true)
            : new SweepListing(state, StatusOf(name, state, running));
    }

    private async Task<ControlReply> EndedSweepReplyAsync(ControlSweep control)
    {
        var state = await _store.LoadAsync(control.Name);
        return new ControlReply(false, state.Spec is null
            ? $"no sweep named '{control.Name}' in {_database}"
            : $"sweep {control.Name} is {_store.StatusOf(control.Name, state)}: it cannot {control.Action}");
    }

    /// <summary>SIGTERM: every sweep stops its trials between epochs and makes its log and checkpoints durable.</summary>
    private async Task<AllSweepsStopped> StopAllAsync()
    {
        var stops = _sessions.Values.Select(s => s.Ask<SweepStopped>(new StopSweep(), TimeSpan.FromSeconds(8))).ToList();
        try
        {
            await Task.WhenAll(stops);
        }
        catch (Exception e)
        {
            _log.Warning("not every sweep stopped cleanly: {Reason}", e.Message);
        }
        // Only sweeps that were running count: a paused sweep has a session too, but nothing of it was interrupted.
        return new AllSweepsStopped(stops.Count(s => s.IsCompletedSuccessfully && s.Result.State.Status == SweepStatus.Running));
    }

    private void LogEvent(string sweep, SweepEventPublished published)
    {
        switch (published.Event)
        {
            case Model.Events.TrialEnded ended:
                _log.Info("sweep {Sweep}: trial {Trial} {Status}{Reason}", sweep, ended.TrialId, ended.Status.ToName(),
                    ended.Reason is null ? "" : $" ({ended.Reason})");
                break;
            case Model.Events.SweepPaused or Model.Events.SweepContinued or Model.Events.SweepCancelled:
                _log.Info("sweep {Sweep}: {Event}", sweep, published.Event.GetType().Name);
                break;
        }
    }

    /// <summary>A submitted name as it may be shown: quoted, cut short, without control characters.</summary>
    private static string SafeName(string? name) =>
        name is null ? "(no name)" : $"'{new string(name.Take(100).Select(c => char.IsControl(c) ? '?' : c).ToArray())}'";

    private sealed record ResumeThese(IReadOnlyList<(string Name, SweepState State)> Sweeps);
}

/// <summary>To the manager: stop every sweep cleanly (the host is shutting down).</summary>
public sealed record StopAllSweeps;

public sealed record AllSweepsStopped(int Stopped);
