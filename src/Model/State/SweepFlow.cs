namespace ActorTune.Model.State;

/// <summary>Where the running supervisor is, beyond what the log says (the log says running, paused or ended).</summary>
public enum SweepPhase
{
    /// <summary>Trials run and new ones are proposed (unless the log says paused).</summary>
    Running,
    /// <summary>The process is stopping: the sweep stays resumable, nothing more is decided.</summary>
    Stopping,
    /// <summary>The sweep completed or was cancelled in this session: it is final once written.</summary>
    Ended,
}

/// <summary>
/// What a running sweep has in flight that the log does not hold: its phase and its conversation with the
/// strategy. <see cref="SweepDecider"/> reads and returns it; it is lost with the process, and a resume starts
/// from <see cref="Start"/>.
/// </summary>
/// <param name="Proposing">A question to the strategy is out: ask nothing more until it is answered.</param>
/// <param name="WaitingForResults">The strategy said "wait": ask again once a trial ends.</param>
/// <param name="Exhausted">The strategy has nothing more to propose.</param>
/// <param name="EndedWhileProposing">A trial ended after the question went out, so a "wait" answer is stale.</param>
public sealed record SweepFlow(SweepPhase Phase, bool Proposing, bool WaitingForResults, bool Exhausted, bool EndedWhileProposing)
{
    public static readonly SweepFlow Start = new(SweepPhase.Running, false, false, false, false);
}

/// <summary>
/// The part of the supervisor's placement the decisions need: workers waiting for a proposal, trials waiting for a
/// slot (queued or being relaunched), trials placed on a worker.
/// </summary>
public sealed record SweepLoad(int WaitingWorkers, int Queued, int Placed)
{
    public static readonly SweepLoad Idle = new(0, 0, 0);
}
