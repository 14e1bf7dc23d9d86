using ActorTune.Host.Hosting;
using ActorTune.Host.Reports;

namespace ActorTune.Host.Commands;

/// <summary><c>export NAME --format csv|json [--epochs] [--out FILE]</c>: the trials (or every epoch) as a table.</summary>
public static class ExportCommand
{
    /// <summary>The formats --format accepts (the command line refuses others with exit 2).</summary>
    public static readonly string[] Formats = ["csv", "json"];

    public static async Task<int> RunAsync(string name, string format, bool epochs, string? output, string? db)
    {
        if (await SweepLoading.LoadAsync(name, db) is not { State: var state })
        {
            return ExitCodes.BadInput;
        }
        var table = epochs ? TrialTable.Epochs(state) : TrialTable.Trials(state);
        var text = format == "csv" ? TableWriters.Csv(table) : TableWriters.Json(table);
        if (output is null)
        {
            Console.Out.Write(text);
            return ExitCodes.Done;
        }
        var directory = Path.GetDirectoryName(Path.GetFullPath(output));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        await File.WriteAllTextAsync(output, text);
        Console.Error.WriteLine($"wrote {table.Rows.Count} rows to {output}");
        return ExitCodes.Done;
    }
}
