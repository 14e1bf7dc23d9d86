using System.Globalization;
using System.Text;
using System.Text.Json;
using ActorTune.Model.Space;
using ActorTune.Model.Sweep;
using ActorTune.Model.Training;
using ActorTune.Model.Training.Synthetic;
using MathNet.Numerics.Statistics;

namespace ActorTune.Host.Output;

/// <summary>
/// What <c>bench search</c> prints: per problem and strategy the best value's mean, spread and range over the seeds,
/// as a text table or as JSON. The JSON also states each synthetic problem's formula (every parameter's scale,
/// optimum as a unit position and weight, and the width), which is what the Optuna peer re-implements.
/// </summary>
public sealed record SearchBenchReport(int Seeds, double Seconds, IReadOnlyList<SearchBenchReport.Problem> Problems)
{
    /// <summary>
    /// One search: its seed, the best value it found (null if no trial had one), trials run, seconds deciding, and its
    /// first trials with their values (which a peer re-implementing a formula checks itself against).
    /// </summary>
    public sealed record Run(int Seed, double? Best, int Trials, double SearchSeconds, IReadOnlyList<(TrialConfig Config, double? Value)> First)
    {
        public const int Shown = 3;
    }

    public sealed record Problem(string Name, SweepSpec Spec, IReadOnlyDictionary<string, IReadOnlyList<Run>> Runs);

    private sealed record Summary(double Mean, double Sd, double Min, double Max, int Missing, double MsPerProposal)
    {
        public static Summary Of(IReadOnlyList<Run> runs)
        {
            var values = runs.Where(r => r.Best is not null).Select(r => r.Best!.Value).ToList();
            var proposals = Math.Max(1, runs.Sum(r => r.Trials));
            return values.Count == 0
                ? new Summary(double.NaN, double.NaN, double.NaN, double.NaN, runs.Count, 0)
                : new Summary(values.Mean(), values.Count > 1 ? values.StandardDeviation() : 0, values.Min(), values.Max(),
                    runs.Count - values.Count, 1000 * runs.Sum(r => r.SearchSeconds) / proposals);
        }
    }

    public string Text()
    {
        var text = new StringBuilder();
        foreach (var problem in Problems)
        {
            var spec = problem.Spec;
            text.AppendLine(Invariant($"{problem.Name}: {spec.Model.Type}, best {spec.Metric} ({spec.Goal.ToName()}), {spec.Trials} trials × {spec.Epochs} epochs, {Seeds} seeds"));
            text.AppendLine("  strategy          mean      sd        min       max       ms/proposal");
            foreach (var (strategy, runs) in problem.Runs)
            {
                var s = Summary.Of(runs);
                text.AppendLine(Invariant($"  {strategy,-16}  {s.Mean,-8:0.0000}  {s.Sd,-8:0.0000}  {s.Min,-8:0.0000}  {s.Max,-8:0.0000}  {s.MsPerProposal:0.00}") +
                                (s.Missing > 0 ? Invariant($"  ({s.Missing} seeds without a value)") : ""));
            }
            text.AppendLine();
        }
        text.Append(Invariant($"{Seconds:0.0} s"));
        return text.ToString();
    }

    public string Json()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("seeds", Seeds);
            json.WriteNumber("seconds", Math.Round(Seconds, 3));
            json.WriteStartArray("problems");
            foreach (var problem in Problems)
            {
                WriteProblem(json, problem);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteProblem(Utf8JsonWriter json, Problem problem)
    {
        var spec = problem.Spec;
        json.WriteStartObject();
        json.WriteString("name", problem.Name);
        json.WriteString("model", spec.Model.Type);
        json.WriteString("metric", spec.Metric);
        json.WriteString("goal", spec.Goal.ToName());
        json.WriteNumber("trials", spec.Trials);
        json.WriteNumber("epochs", spec.Epochs);
        if (spec.Model.Type == TrainableCatalog.Synthetic)
        {
            WriteFormula(json, SyntheticProblem.From(spec.Model, spec.Space));
        }
        json.WriteStartObject("results");
        foreach (var (strategy, runs) in problem.Runs)
        {
            var summary = Summary.Of(runs);
            json.WriteStartObject(strategy);
            json.WriteStartArray("best");
            foreach (var run in runs)
            {
                if (run.Best is { } best)
                {
                    json.WriteNumberValue(best);
                }
                else
                {
                    json.WriteNullValue();
                }
            }
            json.WriteEndArray();
            json.WriteStartArray("first_trials");
            foreach (var (config, value) in runs[0].First)
            {
                json.WriteStartObject();
                json.WritePropertyName("params");
                JsonSerializer.Serialize(json, config);
                Number(json, "value", value ?? double.NaN);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            Number(json, "mean", summary.Mean);
            Number(json, "sd", summary.Sd);
            json.WriteNumber("ms_per_proposal", Math.Round(summary.MsPerProposal, 4));
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>The synthetic formula, parameter by parameter, in the terms a peer needs to compute the same values.</summary>
    private static void WriteFormula(Utf8JsonWriter json, SyntheticProblem formula)
    {
        json.WriteStartObject("synthetic");
        json.WriteNumber("width", formula.Width);
        json.WriteNumber("noise", formula.Noise);
        json.WriteStartArray("parameters");
        foreach (var term in formula.Terms)
        {
            json.WriteStartObject();
            json.WriteString("name", term.Parameter.Name);
            switch (term.Parameter)
            {
                case RangeParameter range:
                    json.WriteString("kind", "range");
                    json.WriteString("scale", range.Scale.ToName());
                    json.WriteNumber("min", range.Min);
                    json.WriteNumber("max", range.Max);
                    break;
                case ChoiceParameter choice:
                    json.WriteString("kind", "choice");
                    json.WriteStartArray("values");
                    foreach (var value in choice.Values)
                    {
                        json.WriteStringValue(value.Text);
                    }
                    json.WriteEndArray();
                    break;
            }
            json.WriteNumber("optimum", term.Optimum);
            json.WriteNumber("weight", term.Weight);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
