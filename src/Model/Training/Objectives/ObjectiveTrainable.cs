using System.Buffers.Binary;
using System.Runtime.ExceptionServices;
using ActorTune.Model.Space;
using ActorTune.Model.State;

namespace ActorTune.Model.Training.Objectives;

/// <summary>
/// Bridges a push-style objective (<c>async (trial, ct) =&gt; { … await trial.ReportAsync(epoch, metrics) … }</c>) onto
/// the pull-style <see cref="ITrainable"/> the trial actor drives, so a library objective takes the same path as every
/// other model: one epoch per message, checkpoints, pruning, resume. <see cref="RunEpoch"/> runs the objective on the
/// caller's thread (through a <see cref="TrialPump"/>) until it reports the epoch, and returns those metrics; the
/// report's task completes true when the next epoch is asked for, false when the trial ends (<see cref="Dispose"/>).
/// The objective returning ends the trial as completed; throwing <see cref="TrialPrunedException"/> as pruned; any
/// other exception as failed.
/// </summary>
public sealed class ObjectiveTrainable : ITrainable, IDeclaresParameters
{
    // A checkpoint is this header (magic, epochs done, length of the objective's state or -1) and the state.
    private const uint Magic = 0x41544F31; // "ATO1"
    private static readonly TimeSpan DisposeGrace = TimeSpan.FromSeconds(5);

    private readonly Func<ITrial, CancellationToken, Task> _objective;
    private readonly ObjectiveTrial _trial;
    private readonly TrialPump _pump = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationToken _interrupt;
    private readonly object _lock = new();
    private Task? _task;
    private (IReadOnlyDictionary<string, double> Metrics, TaskCompletionSource<bool> Answer)? _report;
    private TaskCompletionSource<bool>? _answer;
    private byte[]? _state;
    private int _done;
    private bool _ended;

    /// <param name="space">The sweep's space as the trial was assigned it: fixed values and known ranges.</param>
    /// <param name="interrupt">Cancelled when the program owning the objective stops the sweep (the trial stays resumable).</param>
    public ObjectiveTrainable(TrialContext context, SearchSpace space, Func<ITrial, CancellationToken, Task> objective, CancellationToken interrupt)
    {
        _objective = objective;
        _interrupt = interrupt;
        _trial = new ObjectiveTrial(context, space, Report, state =>
        {
            lock (_lock)
            {
                _state = state;
            }
        });
        _interrupt.Register(_pump.Wake);
    }

    /// <summary>The trial handle the objective gets.</summary>
    public ITrial Trial => _trial;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> RunEpoch(int epoch)
    {
        if (_task is null)
        {
            _task = _pump.Start(() => _objective(_trial, _stop.Token));
            _task.ContinueWith(_ => _pump.Wake(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        else
        {
            TaskCompletionSource<bool>? answer;
            lock (_lock)
            {
                (answer, _answer) = (_answer, null);
            }
            answer?.TrySetResult(true);
        }
        while (true)
        {
            if (_interrupt.IsCancellationRequested)
            {
                throw new TrainingInterruptedException();
            }
            lock (_lock)
            {
                if (_report is { } report)
                {
                    _report = null;
                    _answer = report.Answer;
                    _done = epoch;
                    return report.Metrics;
                }
            }
            if (_task.IsCompleted)
            {
                lock (_lock)
                {
                    _ended = true;
                }
                ThrowOutcome(_task);
            }
            _pump.RunOne(Timeout.InfiniteTimeSpan);
        }
    }

    /// <inheritdoc />
    public (IReadOnlyList<ParameterSpec> Parameters, TrialConfig Values)? TakeDeclared() => _trial.TakeDeclared();

    /// <inheritdoc />
    public byte[] SaveCheckpoint()
    {
        lock (_lock)
        {
            var length = _state?.Length ?? -1;
            var bytes = new byte[12 + Math.Max(0, length)];
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, Magic);
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), _done);
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), length);
            _state?.CopyTo(bytes, 12);
            return bytes;
        }
    }

    /// <inheritdoc />
    public void LoadCheckpoint(byte[] state)
    {
        if (state.Length < 12 || BinaryPrimitives.ReadUInt32LittleEndian(state) != Magic)
        {
            throw new InvalidDataException("the checkpoint was not written by a library objective");
        }
        var length = BinaryPrimitives.ReadInt32LittleEndian(state.AsSpan(8));
        lock (_lock)
        {
            _done = BinaryPrimitives.ReadInt32LittleEndian(state.AsSpan(4));
            _state = length < 0 ? null : state.AsSpan(12, length).ToArray();
            _trial.CheckpointEpoch = _done;
            _trial.Checkpoint = _state;
        }
    }

    /// <summary>Answers the objective's waiting report with false, cancels its token and lets it finish (a few seconds at most).</summary>
    public void Dispose()
    {
        TaskCompletionSource<bool>? answer;
        TaskCompletionSource<bool>? waiting;
        lock (_lock)
        {
            _ended = true;
            (answer, _answer) = (_answer, null);
            waiting = _report?.Answer;
            _report = null;
        }
        answer?.TrySetResult(false);
        waiting?.TrySetResult(false);
        _stop.Cancel();
        if (_task is not null)
        {
            var deadline = DateTime.UtcNow + DisposeGrace;
            while (!_task.IsCompleted && DateTime.UtcNow < deadline)
            {
                _pump.RunOne(deadline - DateTime.UtcNow);
            }
        }
    }

    private Task<bool> Report(int epoch, IReadOnlyDictionary<string, double> metrics, byte[]? checkpoint, CancellationToken cancellationToken)
    {
        TaskCompletionSource<bool> answer;
        lock (_lock)
        {
            if (_ended)
            {
                return Task.FromResult(false);
            }
            if (epoch <= _done)
            {
                return Task.FromResult(true); // an epoch the checkpoint already holds: the objective started over
            }
            if (_report is not null || _answer is not null)
            {
                throw new InvalidOperationException($"epoch {epoch} reported before the previous report was answered: await ReportAsync first");
            }
            if (checkpoint is not null)
            {
                _state = checkpoint.ToArray();
            }
            answer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            _report = (new Dictionary<string, double>(metrics, StringComparer.Ordinal), answer);
        }
        _pump.Wake();
        // The trial's own token is cancelled only after the report is answered false: waiting on it would race that answer.
        return cancellationToken.CanBeCanceled && cancellationToken != _stop.Token ? answer.Task.WaitAsync(cancellationToken) : answer.Task;
    }

    private static void ThrowOutcome(Task task)
    {
        if (task.IsFaulted && task.Exception!.InnerException is { } error)
        {
            if (error is TrialPrunedException pruned)
            {
                throw new TrainingEndedException(TrialStatus.Pruned, pruned.Message);
            }
            ExceptionDispatchInfo.Throw(error);
        }
        if (task.IsCanceled)
        {
            throw new OperationCanceledException("the objective was cancelled");
        }
        throw new TrainingEndedException(TrialStatus.Completed, null);
    }
}
