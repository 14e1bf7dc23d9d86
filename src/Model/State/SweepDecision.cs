using System.Collections.Immutable;
using ActorTune.Model.Events;

namespace ActorTune.Model.State;

/// <summary>
/// What <see cref="SweepDecider"/> decided: the events to persist (in order), the state with them applied, the
/// flow after them, and the effects to carry out once they are queued for the journal.
/// </summary>
public sealed record SweepDecision(SweepState State, SweepFlow Flow, ImmutableList<SweepEvent> Events, ImmutableList<SweepEffect> Effects)
{
    public static SweepDecision Nothing(SweepState state, SweepFlow flow) =>
        new(state, flow, ImmutableList<SweepEvent>.Empty, ImmutableList<SweepEffect>.Empty);

    public bool IsEmpty => Events.IsEmpty && Effects.IsEmpty;
}
