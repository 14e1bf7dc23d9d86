using ActorTune.Host.Hosting;
using ActorTune.Host.Reports;

namespace ActorTune.Host.Commands;

/// <summary><c>report NAME [--out DIR]</c>: the sweep's plots (PNG) and one HTML page, by default in reports/NAME/.</summary>
public static class ReportCommand
{
    public static async Task<int> RunAsync(string name, string? output, string? db)
    {
        if (await SweepLoading.LoadAsync(name, db) is not { } sweep)
        {
            return ExitCodes.BadInput;
        }
        var (state, status) = (sweep.State, sweep.Status);
        var directory = Path.GetFullPath(output ?? Path.Combine("reports", name));
        foreach (var file in SweepReport.Write(state, status, directory))
        {
            var relative = Path.GetRelativePath(Environment.CurrentDirectory, file);
            Console.WriteLine(relative.StartsWith("..", StringComparison.Ordinal) ? file : relative);
        }
        sweep.SaveAnalyses();
        return ExitCodes.Done;
    }
}
