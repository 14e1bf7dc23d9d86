using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using ActorTune.Model.Data;
using ActorTune.Model.Training.Mlp.Kernels;

namespace ActorTune.Model.Training.Mlp;

/// <summary>
/// A trained MLP as <c>actortune export NAME --best-model</c> writes it and <c>actortune predict</c> reads it: a
/// self-describing, versioned JSON file with the layer widths and activation, how to read a CSV (label column,
/// header), the class labels as the CSV spelt them, and one member per split — its standardisation (mean and 1/σ
/// per feature) and its weights (little-endian float32, base64). A cross-validated trial has one member per fold;
/// a prediction averages their class probabilities.
/// </summary>
public sealed record MlpModel(
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("source")] MlpModel.Origin Source,
    [property: JsonPropertyName("widths")] IReadOnlyList<int> Widths,
    [property: JsonPropertyName("activation")] string Activation,
    [property: JsonPropertyName("data")] MlpModel.CsvOptions Data,
    [property: JsonPropertyName("classes")] IReadOnlyList<string> Classes,
    [property: JsonPropertyName("members")] IReadOnlyList<MlpModel.Member> Members)
{
    public const string FormatName = "actortune-model";
    public const int CurrentVersion = 1;
    private const int Capacity = 256;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Where the weights come from: sweep, trial, the checkpoint's epoch, and the trial's best epoch and value.</summary>
    public sealed record Origin(
        [property: JsonPropertyName("sweep")] string Sweep,
        [property: JsonPropertyName("trial")] int Trial,
        [property: JsonPropertyName("epoch")] int Epoch,
        [property: JsonPropertyName("best_epoch")] int? BestEpoch,
        [property: JsonPropertyName("metric")] string Metric,
        [property: JsonPropertyName("value")] double? Value,
        [property: JsonPropertyName("params")] IReadOnlyDictionary<string, string> Params);

    /// <summary>The sweep's CSV options, so predict reads a file as the sweep did.</summary>
    public sealed record CsvOptions(
        [property: JsonPropertyName("label_column")] string? LabelColumn,
        [property: JsonPropertyName("header")] bool? Header,
        [property: JsonPropertyName("features")] IReadOnlyList<string> Features);

    public sealed record Member(
        [property: JsonPropertyName("mean")] IReadOnlyList<double> Mean,
        [property: JsonPropertyName("scale")] IReadOnlyList<double> Scale,
        [property: JsonPropertyName("parameters")] string Parameters);

    public int FeatureCount => Widths[0];

    /// <summary>A model from a trial's per-split weights; <paramref name="splits"/> gives each its standardisation.</summary>
    public static MlpModel Create(Origin source, MlpSettings settings, IReadOnlyList<PreparedData> splits, IReadOnlyList<float[]> parameters,
        CsvOptions data)
    {
        if (splits.Count != parameters.Count)
        {
            throw new InvalidDataException($"{parameters.Count} sets of weights for {splits.Count} splits of the data");
        }
        var first = splits[0];
        int[] widths = [first.Features, .. Enumerable.Repeat(settings.HiddenUnits, settings.Layers), first.Classes];
        var model = new MlpModel(FormatName, CurrentVersion, TrainableCatalog.Mlp, source, widths,
            settings.Activation == Kernels.Activation.Tanh ? "tanh" : "relu", data, first.ClassNames,
            splits.Zip(parameters, (split, p) => new Member(split.Mean, split.Scale, Convert.ToBase64String(MemoryMarshal.AsBytes(p.AsSpan())))).ToList());
        model.Check();
        return model;
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Whether a file's text is one of these (anything else is another model's raw checkpoint).</summary>
    public static bool IsModelFile(ReadOnlySpan<byte> head) =>
        System.Text.Encoding.UTF8.GetString(head).Contains($"\"{FormatName}\"", StringComparison.Ordinal);

    public static MlpModel FromJson(string json)
    {
        var model = JsonSerializer.Deserialize<MlpModel>(json, Json) ?? throw new InvalidDataException("empty model file");
        if (model.Format != FormatName)
        {
            throw new InvalidDataException($"format '{model.Format}' is not {FormatName}");
        }
        if (model.Version != CurrentVersion)
        {
            throw new InvalidDataException($"model file version {model.Version}: this ActorTune reads version {CurrentVersion}");
        }
        model.Check();
        return model;
    }

    /// <summary>
    /// Class probabilities of each row of raw (unstandardised) features, row-major [rows × classes], averaged over the
    /// members; and each row's predicted class: the first arg-max of the logits for one member (the rule the training
    /// accuracy counts by), of the averaged probabilities for several.
    /// </summary>
    public (double[] Probabilities, int[] Predicted) Predict(float[] features, int rows)
    {
        var classes = Widths[^1];
        var probabilities = new double[rows * classes];
        var predicted = new int[rows];
        var all = Enumerable.Range(0, rows).ToArray();
        var labels = new int[rows];
        foreach (var member in Members)
        {
            var network = new MlpNetwork(Widths[0], Widths.Count > 2 ? Widths[1] : 0, Widths.Count - 2, classes, ActivationKind, Capacity);
            Weights(member).CopyTo(network.Parameters);
            var x = PreparedData.Standardise(features, all, Widths[0], member.Mean, member.Scale);
            for (var start = 0; start < rows; start += Capacity)
            {
                var count = network.LoadRange(x, labels, start, Math.Min(Capacity, rows - start));
                network.Forward(count, withGradient: false, out _);
                var logits = network.Logits(count);
                for (var r = 0; r < count; r++)
                {
                    var row = logits.Slice(r * classes, classes);
                    var max = row[0];
                    var argMax = 0;
                    for (var c = 1; c < classes; c++)
                    {
                        if (row[c] > max)
                        {
                            (max, argMax) = (row[c], c);
                        }
                    }
                    var sum = 0.0;
                    for (var c = 0; c < classes; c++)
                    {
                        sum += Math.Exp(row[c] - max);
                    }
                    for (var c = 0; c < classes; c++)
                    {
                        probabilities[(start + r) * classes + c] += Math.Exp(row[c] - max) / sum / Members.Count;
                    }
                    predicted[start + r] = argMax;
                }
            }
        }
        if (Members.Count > 1)
        {
            for (var r = 0; r < rows; r++)
            {
                var row = probabilities.AsSpan(r * classes, classes);
                predicted[r] = row.IndexOf(row.ToArray().Max());
            }
        }
        return (probabilities, predicted);
    }

    private Activation ActivationKind => MlpSettings.ParseActivation(Activation) ?? throw new InvalidDataException($"unknown activation '{Activation}'");

    private int ParameterCount => Enumerable.Range(0, Widths.Count - 1).Sum(l => Widths[l] * Widths[l + 1] + Widths[l + 1]);

    private static float[] Weights(Member member) => MemoryMarshal.Cast<byte, float>(Convert.FromBase64String(member.Parameters)).ToArray();

    /// <summary>Refuses a file whose parts do not fit together, before any prediction is made from it.</summary>
    private void Check()
    {
        if (Widths is not { Count: >= 2 } || Widths.Any(w => w < 1) || (Widths.Count > 2 && Widths.Skip(1).SkipLast(1).Distinct().Count() != 1))
        {
            throw new InvalidDataException("widths must be [features, hidden…, classes], every hidden layer as wide");
        }
        _ = ActivationKind;
        if (Classes.Count != Widths[^1])
        {
            throw new InvalidDataException($"{Classes.Count} class labels for {Widths[^1]} outputs");
        }
        if (Members.Count == 0)
        {
            throw new InvalidDataException("no members (weights)");
        }
        foreach (var member in Members)
        {
            if (member.Mean.Count != Widths[0] || member.Scale.Count != Widths[0])
            {
                throw new InvalidDataException($"a member's standardisation has {member.Mean.Count} means and {member.Scale.Count} scales for {Widths[0]} features");
            }
            if (Weights(member).Length != ParameterCount)
            {
                throw new InvalidDataException($"a member has {Weights(member).Length} weights where widths [{string.Join(", ", Widths)}] need {ParameterCount}");
            }
        }
    }
}
