using ActorTune.Model.Data;
using ActorTune.Model.Space;
using ActorTune.Model.Sweep;

namespace ActorTune.Model.Training;

/// <summary>What a trainable is built from: its hyperparameters, its seed, the sweep's model options and data.</summary>
/// <param name="Seed">Derived from the sweep seed and the trial id: the same trial always trains the same way.</param>
/// <param name="Data">The sweep's prepared rows, or null for models that bring their own (synthetic).</param>
/// <param name="Metric">The sweep's metric (what an objective's <c>ReportAsync(epoch, value)</c> reports).</param>
public sealed record TrialContext(int TrialId, TrialConfig Config, int Seed, int Epochs, ComponentSpec Model, PreparedData? Data, string? Metric = null);
