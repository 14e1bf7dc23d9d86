using ActorTune.Actors.Messages;
using ActorTune.Model.Schedulers;
using Akka.Actor;

namespace ActorTune.Actors.Schedulers;

/// <summary>
/// Sees every epoch's score and answers continue or stop. The decision is the scheduler's (pure, in Model);
/// this actor keeps the history it decides from current.
/// </summary>
public sealed class SchedulerActor : ReceiveActor
{
    private readonly ITrialScheduler _scheduler;
    private SchedulerHistory _history = new();

    public SchedulerActor(ITrialScheduler scheduler)
    {
        _scheduler = scheduler;
        Receive<RestoreSchedulerHistory>(m =>
        {
            _history = new SchedulerHistory();
            foreach (var (trial, config, scores) in m.Trials)
            {
                _history.SetConfig(trial, config);
                for (var epoch = 1; epoch <= scores.Count; epoch++)
                {
                    _history.Record(trial, epoch, scores[epoch - 1]);
                }
            }
        });
        Receive<TrialLaunched>(m =>
        {
            _history.Restart(m.TrialId, m.FromEpoch);
            _history.SetConfig(m.TrialId, m.Config);
        });
        Receive<ScoreEpoch>(m =>
        {
            _history.Record(m.TrialId, m.Epoch, m.Score);
            Sender.Tell(new SchedulerAnswer(m.TrialId, m.Attempt, m.Epoch, _scheduler.Decide(_history, m.TrialId, m.Epoch)));
        });
    }

    public static Props Props(ITrialScheduler scheduler) => Akka.Actor.Props.Create(() => new SchedulerActor(scheduler));
}
