using System.Collections.Concurrent;

namespace ActorTune.Model.Training.Objectives;

/// <summary>
/// A synchronization context whose continuations run only when the trial's thread pumps them: an async objective
/// resumes on the thread of the trial actor that waits for its next report (the trial dispatcher), one trial = one
/// thread, as for every other trainable. Work the objective moves elsewhere itself (Task.Run) stays there.
/// </summary>
internal sealed class TrialPump : SynchronizationContext
{
    private readonly BlockingCollection<(SendOrPostCallback? Callback, object? State)> _queue = new();

    public override void Post(SendOrPostCallback d, object? state) => _queue.Add((d, state));

    public override void Send(SendOrPostCallback d, object? state) => d(state);

    public override SynchronizationContext CreateCopy() => this;

    /// <summary>Makes a waiting <see cref="RunOne"/> return, so its caller looks again at what changed.</summary>
    public void Wake() => _queue.Add((null, null));

    /// <summary>Calls <paramref name="start"/> with this context current; its first await returns here.</summary>
    public Task Start(Func<Task> start)
    {
        var previous = Current;
        SetSynchronizationContext(this);
        try
        {
            return start();
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }

    /// <summary>Runs one queued continuation on this thread (or takes one wake-up); false when none came in time.</summary>
    public bool RunOne(TimeSpan timeout)
    {
        if (!_queue.TryTake(out var item, timeout))
        {
            return false;
        }
        if (item.Callback is null)
        {
            return true;
        }
        var previous = Current;
        SetSynchronizationContext(this);
        try
        {
            item.Callback(item.State);
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
        return true;
    }
}
