namespace ActorTune.Examples.Plugin;

/// <summary>
/// An objective as a type (<see cref="IObjective"/>), so a sweep file, <c>actortune run --cluster</c> and its workers can
/// run it: <c>model = "ActorTune.Examples.Plugin.BowlObjective, ActorTune.Examples.Plugin"</c> with
/// <c>assembly = …</c>. Its space is define-by-run and conditional: <c>y</c> exists only in trials whose <c>shape</c> is
/// <c>wide</c>. The value is a bowl with its bottom at x = 1, y = -2, approached epoch by epoch.
/// </summary>
public sealed class BowlObjective : IObjective
{
    public async Task RunAsync(ITrial trial, CancellationToken cancellationToken)
    {
        var x = trial.Float("x", -5, 5);
        var shape = trial.Choice("shape", "narrow", "wide");
        var y = shape == "wide" ? trial.Float("y", -5, 5) : 0;
        for (var epoch = 1; epoch <= trial.Epochs; epoch++)
        {
            var value = (x - 1) * (x - 1) + (y + 2) * (y + 2) + 1.0 / epoch;
            if (!await trial.ReportAsync(epoch, new Dictionary<string, double> { ["val_loss"] = value }, cancellationToken))
            {
                return;
            }
        }
    }
}
