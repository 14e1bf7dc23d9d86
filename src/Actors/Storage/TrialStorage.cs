using ActorTune.Actors.Messages;
using ActorTune.Model.Checkpoints;
using Akka.Actor;
using Akka.Event;

namespace ActorTune.Actors.Storage;

/// <summary>
/// Writes what trials leave behind — checkpoints, and the logs of trainables that keep one — and reads checkpoints back
/// for the sweep's supervisor, on the storage dispatcher, so no actor that decides ever waits on the database; and a
/// finished sweep's summary, for <c>list</c>'s projection (<see cref="Sweeps.SweepSummaries"/>). Checkpoints
/// go off the trials' threads, in one transaction per batch, at most one batch every
/// <see cref="Interval"/>: a database takes one writer at a time (SQLite), and a transaction per epoch would keep
/// the journal waiting. Within a batch a trial's superseded checkpoints are never written. Losing queued
/// checkpoints to a crash costs only time: a restarted trial continues from the newest one that reached the database.
/// </summary>
public sealed class TrialStorage : ReceiveActor, IWithTimers
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    public const string Dispatcher = "actortune.storage-dispatcher";

    private readonly CheckpointStore _store;
    private readonly TrialLogStore _logs;
    private readonly SweepSummaryStore _summaries;
    private readonly List<CheckpointStore.Saved> _batch = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private bool _flushQueued;
    private DateTime _lastFlush = DateTime.MinValue;

    public TrialStorage(CheckpointStore store, TrialLogStore logs, SweepSummaryStore summaries)
    {
        _summaries = summaries;
        _store = store;
        _logs = logs;
        Receive<SaveCheckpoint>(m =>
        {
            _batch.Add(new CheckpointStore.Saved(m.Sweep, m.TrialId, m.Attempt, m.Epoch, m.Value, m.Data, m.Goal, m.KeepAll));
            if (!_flushQueued)
            {
                _flushQueued = true;
                var wait = Interval - (DateTime.UtcNow - _lastFlush);
                Timers.StartSingleTimer("flush", Flush.Instance, wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
            }
        });
        Receive<Flush>(_ => Write());
        Receive<SaveTrialLog>(log =>
        {
            try
            {
                _logs.Save(log.Sweep, log.TrialId, log.Attempt, log.Text);
            }
            catch (Exception e)
            {
                // A log that cannot be written costs only the log: the trial's result is in the journal already.
                _log.Warning("the log of trial {0} could not be written: {1}", log.TrialId, e.Message);
            }
        });
        Receive<FlushCheckpoints>(_ =>
        {
            Write();
            Sender.Tell(new CheckpointsFlushed());
        });
        Receive<SaveSweepSummary>(save =>
        {
            // A failure only leaves the projection behind: the first reader folds it from the log.
            _summaries.TrySave(save.Sweep, save.Summary, save.EventCount);
            Sender.Tell(new SweepSummarySaved());
        });
        Receive<ReadCheckpoint>(read =>
        {
            Write(); // what is queued first: the checkpoint asked for may be among it
            Sender.Tell(Read(read));
        });
    }

    private CheckpointRead Read(ReadCheckpoint read)
    {
        try
        {
            var epoch = read.Epoch is { } at
                ? _store.Epochs(read.Sweep, read.TrialId).Contains(at) ? at : (int?)null
                : CheckpointPolicy.ResumeFrom(_store.Epochs(read.Sweep, read.TrialId), read.UpTo);
            var data = epoch is { } found ? _store.Load(read.Sweep, read.TrialId, found) : null;
            return new CheckpointRead(read.TrialId, data is null ? null : epoch, data, read.Context);
        }
        catch (Exception e)
        {
            return new CheckpointRead(read.TrialId, null, null, read.Context, e.Message);
        }
    }

    public static Props Props(CheckpointStore store, TrialLogStore logs, SweepSummaryStore summaries) =>
        Akka.Actor.Props.Create(() => new TrialStorage(store, logs, summaries)).WithDispatcher(Dispatcher);

    public ITimerScheduler Timers { get; set; } = null!;

    private void Write()
    {
        _flushQueued = false;
        Timers.Cancel("flush");
        _lastFlush = DateTime.UtcNow;
        if (_batch.Count == 0)
        {
            return;
        }
        try
        {
            _store.SaveAll(_batch);
        }
        catch (Exception e)
        {
            // A lost checkpoint never loses a result: the trial restarts from an older one, or from scratch.
            _log.Warning("could not write {0} checkpoints: {1}", _batch.Count, e.Message);
        }
        _batch.Clear();
    }

    private sealed class Flush
    {
        public static readonly Flush Instance = new();
    }
}
