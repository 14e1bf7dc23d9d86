using System.Text;
using System.Text.Json;
using ActorTune.Model.Space;
using ActorTune.Model.State;

namespace ActorTune.Host.Output;

/// <summary>
/// The <c>show --json</c> object (DESIGN §3): name, status, metric, goal, best, and every trial with every epoch
/// of its final attempt, best first. Non-finite numbers (a diverged loss) are written as null, since JSON has no NaN.
/// Extensions beyond DESIGN: a trial's "value", "best_epoch", "round", "attempts", "resumed_from", "reason", "interventions" (a babysitter's commands, with the epoch each took effect) and "schedule" (population-based training's exploits: from which epoch, which donor, which hyperparameters); the sweep's
/// "regions", "trials_planned", "strategy", "scheduler" and "space" (each parameter described, define-by-run ones included);
/// "reason" when a sweep failed (its first failure) or ended early ("time budget"); "time_budget_seconds" and
/// "running_seconds" for a sweep with a time budget.
/// </summary>
public static class SweepJson
{
    private const int FlushAt = 1 << 16;

    public static string Write(SweepState state, string? status = null)
    {
        using var buffer = new MemoryStream();
        Write(buffer, state, status);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// Writes the object straight to <paramref name="output"/> (stdout for <c>show --json</c>): a 20,000-trial sweep is
    /// about 60 MB of JSON, which as a buffer, an array and a string took three copies of memory.
    /// </summary>
    public static void Write(Stream output, SweepState state, string? status = null)
    {
        var spec = state.RequireSpec();
        using (var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("name", spec.Name);
            json.WriteString("status", status ?? state.Status.ToName());
            if (state.Status == SweepStatus.Failed && state.FirstFailure() is { } failure)
            {
                json.WriteString("reason", $"trial {failure.Id}: {failure.Reason}");
            }
            else if (state.EndReason is { } reason)
            {
                json.WriteString("reason", reason);
            }
            json.WriteString("metric", spec.Metric);
            json.WriteString("goal", spec.Goal == Model.Sweep.Goal.Max ? "max" : "min");
            json.WriteString("strategy", spec.Strategy.Type);
            json.WriteString("scheduler", spec.Scheduler.Type);
            json.WriteNumber("trials_planned", spec.Trials);
            if (spec.TimeBudget is { } budget)
            {
                json.WriteNumber("time_budget_seconds", budget.TotalSeconds);
                json.WriteNumber("running_seconds", Math.Round(state.RunningSeconds, 3));
            }
            json.WriteStartObject("space");
            foreach (var parameter in spec.Space.Parameters)
            {
                json.WriteString(parameter.Name, parameter.Describe());
            }
            json.WriteEndObject();
            Time(json, "defined_at", state.DefinedAt);
            Time(json, "completed_at", state.CompletedAt);
            json.WritePropertyName("best");
            if (state.Best() is { } best)
            {
                json.WriteStartObject();
                json.WriteNumber("trial", best.Id);
                Number(json, "value", best.Value(spec.Metric, spec.Goal));
                Params(json, best.ConfigAtBest(spec.Metric, spec.Goal));
                json.WriteEndObject();
            }
            else
            {
                json.WriteNullValue();
            }
            json.WriteStartArray("trials");
            foreach (var trial in state.Ranked())
            {
                json.WriteStartObject();
                json.WriteNumber("id", trial.Id);
                json.WriteString("status", trial.Status.ToName());
                json.WriteString("node", trial.Node);
                Params(json, trial.Config);
                Params(json, trial.ConfigAtBest(spec.Metric, spec.Goal), "best_params");
                Params(json, trial.CurrentConfig, "final_params");
                Number(json, "value", trial.Value(spec.Metric, spec.Goal));
                if (trial.BestEpoch(spec.Metric, spec.Goal) is { } bestEpoch)
                {
                    json.WriteNumber("best_epoch", bestEpoch);
                }
                json.WriteNumber("round", trial.Round);
                Time(json, "started_at", trial.StartedAt);
                Time(json, "ended_at", trial.EndedAt);
                json.WriteNumber("attempts", trial.Attempt);
                if (trial.Attempt > 1)
                {
                    json.WriteNumber("resumed_from", trial.ResumedFrom);
                }
                if (trial.Reason is not null)
                {
                    json.WriteString("reason", trial.Reason);
                }
                if (trial.Interventions is { Count: > 0 } interventions)
                {
                    json.WriteStartArray("interventions");
                    foreach (var intervention in interventions)
                    {
                        json.WriteStartObject();
                        json.WriteNumber("epoch", intervention.Epoch);
                        json.WriteString("action", intervention.Action);
                        json.WriteString("detail", intervention.Detail);
                        json.WriteString("at", intervention.At);
                        json.WriteEndObject();
                    }
                    json.WriteEndArray();
                }
                if (trial.Schedule is { Count: > 0 } schedule)
                {
                    json.WriteStartArray("schedule");
                    foreach (var change in schedule)
                    {
                        json.WriteStartObject();
                        json.WriteNumber("epoch", change.FromEpoch);
                        json.WriteNumber("donor", change.Donor);
                        json.WriteNumber("donor_epoch", change.DonorEpoch);
                        Params(json, change.Config);
                        json.WriteString("reason", change.Reason);
                        json.WriteEndObject();
                    }
                    json.WriteEndArray();
                }
                json.WriteStartArray("epochs");
                foreach (var epoch in trial.Epochs)
                {
                    json.WriteStartObject();
                    json.WriteNumber("epoch", epoch.Epoch);
                    foreach (var (name, value) in epoch.Metrics)
                    {
                        Number(json, name, value);
                    }
                    json.WriteNumber("seconds", Math.Round(epoch.Seconds, 6));
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
                if (json.BytesPending > FlushAt)
                {
                    // The writer keeps everything until flushed: hand it on as it grows.
                    json.Flush();
                }
            }
            json.WriteEndArray();
            json.WriteStartArray("regions");
            foreach (var region in state.Regions)
            {
                json.WriteStartObject();
                json.WriteNumber("round", region.Round);
                json.WriteStartObject("params");
                foreach (var parameter in region.Parameters)
                {
                    json.WriteStartObject(parameter.Name);
                    Number(json, "min", parameter.Low);
                    Number(json, "max", parameter.High);
                    if (parameter.Values is { } values)
                    {
                        json.WriteStartArray("values");
                        foreach (var value in values)
                        {
                            Value(json, value);
                        }
                        json.WriteEndArray();
                    }
                    json.WriteEndObject();
                }
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            ImportanceView.WriteJson(json, state);
            json.WriteEndObject();
        }
    }

    private static void Time(Utf8JsonWriter json, string name, DateTimeOffset? at)
    {
        if (at is { } value)
        {
            json.WriteString(name, value);
        }
    }

    private static void Params(Utf8JsonWriter json, TrialConfig config, string property = "params")
    {
        json.WriteStartObject(property);
        foreach (var (name, value) in config.Values)
        {
            json.WritePropertyName(name);
            Value(json, value);
        }
        json.WriteEndObject();
    }

    private static void Value(Utf8JsonWriter json, ParamValue value)
    {
        if (value.IsNumber)
        {
            json.WriteNumberValue(value.Number);
        }
        else
        {
            json.WriteStringValue(value.Text);
        }
    }

    private static void Number(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
