using System.Globalization;
using ActorTune;

// Usage: ActorTune.Examples.Library [DATABASE] [SWEEP-NAME] [MILLISECONDS-PER-EPOCH]
// A small network's learning curve, made up: define-by-run parameters (the number of layers decides which units-i
// exist), one report per epoch with a checkpoint, and a resume that continues from it when the process was killed.
var database = args.Length > 0 ? args[0] : "actortune.db";
var name = args.Length > 1 ? args[1] : "library-quickstart";
var delay = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 0;

var result = await Tuner.Open(database).RunAsync(name, async (trial, ct) =>
{
    var lr = trial.Log("learning-rate", 1e-4, 1);
    var layers = trial.Int("layers", 1, 3);
    var units = Enumerable.Range(1, layers).Select(i => trial.Int($"units-{i}", 8, 128)).ToList();
    var loss = 2.0;
    if (trial.Checkpoint is { } saved)
    {
        loss = BitConverter.ToDouble(saved);
        Console.WriteLine($"trial {trial.Id} resumed after epoch {trial.CheckpointEpoch} from its checkpoint");
    }
    var floor = Math.Abs(Math.Log10(lr) + 2.5) * 0.1 + units.Sum(u => Math.Abs(Math.Log2(u) - 6)) * 0.02;
    for (var epoch = trial.CheckpointEpoch + 1; epoch <= trial.Epochs; epoch++)
    {
        if (delay > 0)
        {
            await Task.Delay(delay, ct);
        }
        loss = floor + (loss - floor) * 0.7;
        Console.WriteLine($"trial {trial.Id} epoch {epoch} loss {loss:F4}");
        if (!await trial.ReportAsync(epoch, loss, ct, checkpoint: BitConverter.GetBytes(loss)))
        {
            return;
        }
    }
}, new TunerOptions { Trials = 6, Epochs = 6, Concurrency = 2, Metric = "loss", Strategy = "random" });

Console.WriteLine($"best trial {result.BestTrial}: loss {result.BestValue:F4} with " +
                  string.Join(", ", result.BestParams.Select(p => $"{p.Key} = {p.Value}")));
