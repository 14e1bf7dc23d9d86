using System.Globalization;
using ActorTune.Actors.Storage;
using ActorTune.Actors.Sweeps;
using ActorTune.Host.Hosting;
using ActorTune.Model.Data;
using ActorTune.Model.Training;
using ActorTune.Model.Training.Mlp;

namespace ActorTune.Host.Commands;

/// <summary>
/// <c>export NAME --best-model --out FILE</c>: the best trial's checkpoint nearest its best epoch, as an MLP model file
/// (weights, shape, standardisation, class labels: what <c>predict</c> needs) or, for any other model, the checkpoint's
/// bytes exactly as the trainable saved them.
/// </summary>
public static class BestModelCommand
{
    public static async Task<int> RunAsync(string name, string output, string? db)
    {
        if (ExistingDatabase.Find(db) is not { } database)
        {
            return ExitCodes.BadInput;
        }
        await using var host = await ActorTuneHost.StartAsync(database);
        var state = await new SweepStore(host.System).LoadAsync(name);
        if (state.Spec is not { } spec)
        {
            Console.Error.WriteLine($"actortune: no sweep named '{name}' in {database.Display}");
            return ExitCodes.BadInput;
        }
        if (state.Best() is not { } best)
        {
            Console.Error.WriteLine($"actortune: sweep {name} has no best trial yet (no trial reported {spec.Metric})");
            return ExitCodes.BadInput;
        }
        var checkpoints = ActorTuneStorage.Get(host.System).Checkpoints;
        var bestEpoch = best.BestEpoch(spec.Metric, spec.Goal);
        var saved = checkpoints.Epochs(spec.Name, best.Id);
        if (saved.Count == 0)
        {
            Console.Error.WriteLine($"actortune: trial {best.Id} of sweep {name} (the best) saved no checkpoint, so there are no weights to export " +
                "(checkpoints are kept every checkpoint-every epochs; a trainable that saves nothing leaves none)");
            return ExitCodes.BadInput;
        }
        // The best epoch's own checkpoint when there is one (checkpoint-every = 1 keeps it); else the nearest, earlier on a tie.
        var epoch = saved.OrderBy(e => Math.Abs(e - (bestEpoch ?? best.LastEpoch))).ThenBy(e => e).First();
        var bytes = checkpoints.Load(spec.Name, best.Id, epoch)!;
        var value = best.Value(spec.Metric, spec.Goal);
        var what = $"trial {best.Id}, checkpoint of epoch {epoch} (its best epoch: {bestEpoch?.ToString(CultureInfo.InvariantCulture) ?? "none"}, " +
            $"{spec.Metric} = {value?.ToString("0.####", CultureInfo.InvariantCulture) ?? "none"})";
        CreateDirectory(output);
        if (spec.Model.Type != TrainableCatalog.Mlp || spec.Data is not { } data)
        {
            await File.WriteAllBytesAsync(output, bytes);
            Console.WriteLine($"wrote {what}: {bytes.Length} bytes as the {spec.Model.Type} trainable saved them, to {output}");
            return ExitCodes.Done;
        }
        IReadOnlyList<PreparedData> splits;
        try
        {
            // The standardisation and class labels come from the sweep's data file, read again as the trials read it.
            splits = DataCache.Get(data);
        }
        catch (DataFormatException e)
        {
            Console.Error.WriteLine($"actortune: the standardisation is taken from the sweep's data file, which cannot be read: {e.Message}");
            return ExitCodes.BadInput;
        }
        var parts = CrossValidatedTrainable.IsCrossValidated(bytes) ? CrossValidatedTrainable.Split(bytes) : [bytes];
        var config = best.ConfigAt(epoch);
        var source = new MlpModel.Origin(spec.Name, best.Id, epoch, bestEpoch, spec.Metric, value,
            config.Values.ToDictionary(p => p.Key, p => p.Value.Text));
        var features = CsvDataLoader.Load(data.Path, data.LabelColumn, data.Header).FeatureNames;
        var model = MlpModel.Create(source, MlpSettings.From(config), splits, [.. parts.Select(p => MlpTrainer.ReadParameters(p).Parameters)],
            new MlpModel.CsvOptions(data.LabelColumn, data.Header, features));
        await File.WriteAllTextAsync(output, model.ToJson());
        var members = model.Members.Count > 1 ? $", {model.Members.Count} folds averaged" : "";
        Console.WriteLine($"wrote {what}: MLP [{string.Join("-", model.Widths)}]{members}, to {output}");
        return ExitCodes.Done;
    }

    private static void CreateDirectory(string output)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(output));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }
}
