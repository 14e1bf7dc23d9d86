using System.Collections.Concurrent;
using System.Threading.Channels;
using ActorTune.Model.State;

namespace ActorTune;

/// <summary>
/// Ask-and-tell (Optuna's <c>study.ask()</c> / <c>study.tell()</c>) for loops that own their time: each asked trial is a
/// trial of the sweep, placed, logged and shown like any other; it waits for your tell. At most
/// <see cref="TunerOptions.Concurrency"/> trials are out at once (<see cref="AskAsync"/> waits for a free one).
/// </summary>
/// <example>
/// <code>
/// await using var study = await Tuner.Open("tune.db").StudyAsync("loop", new TunerOptions { Trials = 10 });
/// for (var i = 0; i &lt; 10; i++)
/// {
///     var trial = await study.AskAsync();
///     var x = trial.Float("x", -10, 10);
///     await study.TellAsync(trial, (x - 2) * (x - 2));
/// }
/// </code>
/// </example>
public sealed class Study : IAsyncDisposable
{
    private readonly Channel<ITrial> _asked = Channel.CreateUnbounded<ITrial>();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<Func<ITrial, CancellationToken, Task>>> _waiting = new();
    private LibrarySweep? _sweep;

    internal Study()
    {
    }

    private LibrarySweep Sweep => _sweep ?? throw new InvalidOperationException("the study is not open");

    /// <summary>The sweep's name.</summary>
    public string Name => Sweep.State.RequireSpec().Name;

    /// <summary>The study as its durable events tell it now: trials, values, the best one.</summary>
    public TuningResult Result => TuningResult.From(Sweep.State);

    internal void Attach(LibrarySweep sweep) => _sweep = sweep;

    /// <summary>
    /// The next trial: ask it for hyperparameters (<see cref="ITrial.Float"/>, …), evaluate, then tell. A trial asked
    /// but not told when the study was disposed is asked again (same id, same values) when it is opened again.
    /// Throws <see cref="InvalidOperationException"/> once the trial budget is spent.
    /// </summary>
    public async Task<ITrial> AskAsync(CancellationToken cancellationToken = default)
    {
        var next = _asked.Reader.ReadAsync(cancellationToken).AsTask();
        var first = await Task.WhenAny(next, Sweep.Finished);
        if (first == next || next.IsCompletedSuccessfully)
        {
            return await next;
        }
        await Sweep.Finished; // rethrows if the sweep broke
        throw new InvalidOperationException($"study '{Name}' has run its {Sweep.State.RequireSpec().Trials} trials (TunerOptions.Trials)");
    }

    /// <summary>Reports an intermediate value (step 1, 2, …); false means stop evaluating this trial (pruned or stopped).</summary>
    public Task<bool> ReportAsync(ITrial trial, int step, double value, CancellationToken cancellationToken = default) =>
        trial.ReportAsync(step, value, cancellationToken);

    /// <summary>Ends <paramref name="trial"/> as completed with <paramref name="value"/> on the sweep's metric.</summary>
    public Task TellAsync(ITrial trial, double value) =>
        Tell(trial, (t, token) => t.ReportAsync(int.MaxValue, value, token));

    /// <summary>Ends <paramref name="trial"/> as completed with these metrics (the sweep's metric among them).</summary>
    public Task TellAsync(ITrial trial, IReadOnlyDictionary<string, double> metrics) =>
        Tell(trial, (t, token) => t.ReportAsync(int.MaxValue, metrics, token));

    /// <summary>Ends <paramref name="trial"/> as pruned (Optuna's <c>TrialState.PRUNED</c>).</summary>
    public Task TellPrunedAsync(ITrial trial, string? reason = null) =>
        Tell(trial, (_, _) => throw (reason is null ? new TrialPrunedException() : new TrialPrunedException(reason)));

    /// <summary>Ends <paramref name="trial"/> as failed with <paramref name="reason"/> (Optuna's <c>TrialState.FAIL</c>).</summary>
    public Task TellFailedAsync(ITrial trial, string reason) =>
        Tell(trial, (_, _) => throw new InvalidOperationException(reason));

    /// <summary>Stops the study: its log is durable and it resumes when opened again.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_sweep is not null)
        {
            await _sweep.DisposeAsync();
        }
    }

    /// <summary>The objective of every trial of a study: hands the trial to <see cref="AskAsync"/> and does what the tell says.</summary>
    internal async Task RunTrialAsync(ITrial trial, CancellationToken cancellationToken)
    {
        var told = _waiting.GetOrAdd(trial.Id, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
        _asked.Writer.TryWrite(trial);
        var outcome = await told.Task.WaitAsync(cancellationToken);
        await outcome(trial, cancellationToken);
    }

    private async Task Tell(ITrial trial, Func<ITrial, CancellationToken, Task> outcome)
    {
        if (!_waiting.TryRemove(trial.Id, out var told))
        {
            throw new InvalidOperationException($"trial {trial.Id} was not asked, or was told already");
        }
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        told.TrySetResult(async (t, token) =>
        {
            try
            {
                await outcome(t, token);
            }
            finally
            {
                done.TrySetResult();
            }
        });
        await done.Task;
        // Like Optuna's tell, it returns once the trial's end is stored: what the caller reads next includes it.
        await Sweep.WaitUntilAsync(state => !state.HasTrial(trial.Id) || state.Trial(trial.Id).Status.IsFinished());
    }
}
