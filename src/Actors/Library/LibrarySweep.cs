using System.Threading.Channels;
using ActorTune.Actors.Messages;
using ActorTune.Actors.Persistence;
using ActorTune.Actors.Sweeps;
using ActorTune.Actors.Workers;
using ActorTune.Model.State;
using ActorTune.Model.Sweep;
using ActorTune.Model.Training;
using ActorTune.Model.Training.Objectives;
using Akka.Actor;

namespace ActorTune;

/// <summary>
/// One sweep run from code, on an actor system of its own: the same supervisor, worker and trial actors, database and
/// log as <c>actortune run</c>, with the objective registered for this process's trials. Starting resumes the sweep
/// when the database has it (the process was killed, or the program runs again); disposing stops it cleanly, so it
/// can be resumed the same way.
/// </summary>
internal sealed class LibrarySweep : IAsyncDisposable
{
    private const string Node = "local";
    private static readonly TimeSpan AskTimeout = TimeSpan.FromMinutes(2);

    private readonly ActorSystem _system;
    private readonly IActorRef _session;
    private readonly IDisposable _registration;
    private readonly CancellationTokenSource _interrupt;
    private readonly TaskCompletionSource<SweepState> _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _lock = new();
    private SweepState _state;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _stopped;

    private LibrarySweep(ActorSystem system, IActorRef session, IDisposable registration, CancellationTokenSource interrupt, SweepState state)
    {
        _system = system;
        _session = session;
        _registration = registration;
        _interrupt = interrupt;
        _state = state;
    }

    /// <summary>The sweep as its durable events tell it so far.</summary>
    public SweepState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    /// <summary>Completes with the final state when every trial has ended; faults if the sweep cannot go on.</summary>
    public Task<SweepState> Finished => _finished.Task;

    public static async Task<LibrarySweep> StartAsync(DatabaseLocation database, SweepSpec spec, Func<ITrial, CancellationToken, Task> objective,
        int concurrency, CancellationToken cancellationToken)
    {
        var interrupt = new CancellationTokenSource();
        var registration = ObjectiveRegistry.Register(spec.Name, objective, interrupt.Token);
        ActorSystem? system = null;
        try
        {
            TunerOptions.Validate(spec);
            database.Prepare();
            system = ActorSystem.Create(ActorTuneConfig.SystemName, ActorTuneConfig.Build(database, concurrency));
            system.ActorOf(WorkerHost.Props(concurrency, Node), WorkerHost.Name);
            var session = system.ActorOf(SweepSession.Props(spec.Name), SweepSupervisor.PersistenceIdFor(spec.Name));
            var channel = Channel.CreateUnbounded<object>();
            session.Tell(new ObserveSweep(), system.ActorOf(ChannelObserver.Props(channel.Writer), "observer"));
            // An existing sweep of that name is resumed (after waiting out the lease of a killed process that ran it).
            var reply = await session.Ask<object>(new StartSweep(spec, Describe(spec), ResumeIfExists: true), AskTimeout, cancellationToken);
            if (reply is SweepRejected rejected)
            {
                throw new InvalidOperationException($"sweep '{spec.Name}': {rejected.Reason}");
            }
            var started = ((SweepStarted)reply).State;
            if (started.RequireSpec().Model.Type != TrainableCatalog.Library)
            {
                await session.Ask<SweepStopped>(new StopSweep(), AskTimeout, CancellationToken.None);
                throw new InvalidOperationException($"sweep '{spec.Name}' in {database.Display} was defined by a sweep file " +
                    $"(model = {started.RequireSpec().Model.Type}): continue it with actortune resume {spec.Name}, or give this one another name");
            }
            // The supervisor's state is lean (an ended trial keeps two epochs): a resumed sweep's every epoch, which a
            // library user may read, comes from the log; from here on this sweep folds the events into a full state.
            var full = started.Finished == 0
                ? started with { Lean = false }
                : await Task.Run(() => SweepStates.Read(database, spec.Name).State, cancellationToken);
            var sweep = new LibrarySweep(system, session, registration, interrupt, full);
            _ = Task.Run(() => sweep.FollowAsync(channel.Reader), CancellationToken.None);
            return sweep;
        }
        catch
        {
            interrupt.Cancel();
            if (system is not null)
            {
                await system.Terminate();
            }
            registration.Dispose();
            interrupt.Dispose();
            throw;
        }
    }

    /// <summary>Waits until the durable state satisfies <paramref name="condition"/> (or the sweep ends or stops).</summary>
    public async Task WaitUntilAsync(Func<SweepState, bool> condition)
    {
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (condition(_state) || _stopped)
                {
                    return;
                }
                changed = _changed.Task;
            }
            await Task.WhenAny(changed, Finished);
            if (Finished.IsCompleted && !condition(State))
            {
                return;
            }
        }
    }

    /// <summary>Waits for the end; cancelling stops the sweep (resumable) and throws <see cref="OperationCanceledException"/>.</summary>
    public async Task<SweepState> WaitAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await Finished.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await StopAsync();
            throw;
        }
    }

    /// <summary>Stops the trials between epochs and waits until everything so far is durable; the sweep stays resumable.</summary>
    public async Task StopAsync()
    {
        lock (_lock)
        {
            if (_stopped)
            {
                return;
            }
            _stopped = true;
        }
        if (!Finished.IsCompleted)
        {
            await _session.Ask<SweepStopped>(new StopSweep(), AskTimeout, CancellationToken.None);
        }
        // Only now: a trial interrupted before the stop would be reported as crashed.
        await _interrupt.CancelAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _system.Terminate().WaitAsync(TimeSpan.FromSeconds(30));
        _registration.Dispose();
        _interrupt.Dispose();
    }

    private async Task FollowAsync(ChannelReader<object> messages)
    {
        await foreach (var message in messages.ReadAllAsync())
        {
            switch (message)
            {
                case SweepEventPublished published:
                    TaskCompletionSource changed;
                    lock (_lock)
                    {
                        _state = published.ApplyTo(_state);
                        (changed, _changed) = (_changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                    }
                    changed.TrySetResult();
                    break;
                case SweepFinished finished:
                    SweepState end;
                    lock (_lock)
                    {
                        // Lean only when the log could not be folded at the end: then this sweep's own fold is the whole.
                        _state = end = finished.State.Lean ? _state : finished.State;
                    }
                    _finished.TrySetResult(end);
                    return;
                case SweepRejected rejected:
                    _finished.TrySetException(new InvalidOperationException($"sweep '{State.Spec?.Name}': {rejected.Reason}"));
                    return;
            }
        }
    }

    private static string Describe(SweepSpec spec) =>
        $"# defined in code (ActorTune library): strategy {spec.Strategy.Type}, scheduler {spec.Scheduler.Type}, " +
        $"metric {spec.Metric} ({spec.Goal.ToName()}), {spec.Trials} trials of at most {spec.Epochs} epochs, seed {spec.Seed}\n";
}
