using ActorTune.Model.Space;

namespace ActorTune.Model.State;

/// <summary>From epoch <see cref="FromEpoch"/>+1 on, the trial trained with <see cref="Config"/>, starting from trial <see cref="Donor"/>'s state.</summary>
public sealed record ConfigChange(int FromEpoch, int Donor, int DonorEpoch, TrialConfig Config, string Reason);
