using System.Globalization;
using System.Text;
using ActorTune.Host.Hosting;
using ActorTune.Model.Data;
using ActorTune.Model.Training.Mlp;

namespace ActorTune.Host.Commands;

/// <summary>
/// <c>predict MODEL --data CSV [--out FILE]</c>: reads the CSV as the sweep read its data (the options saved in the model
/// file), standardises it as the model's training rows were, and writes one row per input row: the predicted label and
/// each class's probability. With labels in the CSV, prints the accuracy.
/// </summary>
public static class PredictCommand
{
    public static async Task<int> RunAsync(string modelFile, string dataFile, string? output)
    {
        if (!File.Exists(modelFile))
        {
            Console.Error.WriteLine($"actortune: no model file at {modelFile}");
            return ExitCodes.BadInput;
        }
        var bytes = await File.ReadAllBytesAsync(modelFile);
        if (!MlpModel.IsModelFile(bytes.AsSpan(0, Math.Min(bytes.Length, 256))))
        {
            Console.Error.WriteLine($"actortune: {modelFile} is not an MLP model file; predict runs only those " +
                "(`export NAME --best-model` of a model = mlp sweep). Other models' files are their trainable's own checkpoint bytes.");
            return ExitCodes.BadInput;
        }
        MlpModel model;
        try
        {
            model = MlpModel.FromJson(Encoding.UTF8.GetString(bytes));
        }
        catch (Exception e) when (e is InvalidDataException or System.Text.Json.JsonException or FormatException)
        {
            Console.Error.WriteLine($"actortune: {modelFile}: {e.Message}");
            return ExitCodes.BadInput;
        }
        var (features, labels, rows) = CsvDataLoader.LoadFeatures(dataFile, model.FeatureCount, model.Data.LabelColumn, model.Data.Header);
        var (probabilities, predicted) = model.Predict(features, rows);
        var text = Table(model, labels, probabilities, predicted, rows);
        if (output is null)
        {
            Console.Out.Write(text);
        }
        else
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(output));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
            await File.WriteAllTextAsync(output, text);
            Console.Error.WriteLine($"wrote {rows} predictions to {output}");
        }
        if (labels is not null)
        {
            var known = labels.Select(l => ClassOf(model, l)).ToArray();
            var correct = known.Where((c, r) => c == predicted[r]).Count();
            var unknown = known.Count(c => c < 0);
            var note = unknown > 0 ? $"; {unknown} rows have a label the model never saw" : "";
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"accuracy {(double)correct / rows:0.####} ({correct} of {rows} rows){note}"));
        }
        return ExitCodes.Done;
    }

    /// <summary>A label's class: the same spelling, or for numbers the same value ("1.0" is class "1").</summary>
    private static int ClassOf(MlpModel model, string label)
    {
        var index = model.Classes.ToList().IndexOf(label);
        if (index >= 0 || !double.TryParse(label, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return index;
        }
        return model.Classes.ToList().FindIndex(c => double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v == number);
    }

    private static string Table(MlpModel model, string[]? labels, double[] probabilities, int[] predicted, int rows)
    {
        var classes = model.Classes.Count;
        var text = new StringBuilder();
        var header = new List<string> { "row" };
        if (labels is not null)
        {
            header.Add("label");
        }
        header.Add("predicted");
        header.AddRange(model.Classes.Select(c => $"p_{c}"));
        text.AppendJoin(',', header.Select(Quote)).Append('\n');
        for (var r = 0; r < rows; r++)
        {
            text.Append(r + 1);
            if (labels is not null)
            {
                text.Append(',').Append(Quote(labels[r]));
            }
            text.Append(',').Append(Quote(model.Classes[predicted[r]]));
            for (var c = 0; c < classes; c++)
            {
                text.Append(',').Append(probabilities[r * classes + c].ToString("G6", CultureInfo.InvariantCulture));
            }
            text.Append('\n');
        }
        return text.ToString();
    }

    private static string Quote(string cell) =>
        cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell;
}
