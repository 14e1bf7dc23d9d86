namespace ActorTune.Model.State;

/// <summary>What a babysitter did to a trial (pause, resume, set, rollback, stop), after which epoch, and when.</summary>
public sealed record Intervention(int Epoch, string Action, string Detail, DateTimeOffset At);
