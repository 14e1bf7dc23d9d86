using ActorTune.Actors.Storage;
using ActorTune.Actors.Sweeps;
using ActorTune.Host.Hosting;
using ActorTune.Host.Output;
using ActorTune.Model.State;

namespace ActorTune.Host.Commands;

/// <summary><c>show NAME [--json]</c> and <c>list</c>: read the log, print, change nothing.</summary>
public static class ShowCommand
{
    public static async Task<int> ShowAsync(string name, string? db, bool json, int? log = null)
    {
        if (ExistingDatabase.Find(db) is not { } database)
        {
            return ExitCodes.BadInput;
        }
        if (await SweepLoading.LoadAsync(name, database) is not { } sweep)
        {
            return ExitCodes.BadInput;
        }
        var (state, status) = (sweep.State, sweep.Status);
        if (log is { } trial)
        {
            return TrialLog.Write(new TrialLogStore(new SqlStorage(database)), state, trial);
        }
        if (json)
        {
            using var stdout = new BufferedStream(Console.OpenStandardOutput(), 1 << 16);
            SweepJson.Write(stdout, state, status);
            stdout.Write("\n"u8);
        }
        else
        {
            SweepTables.WriteTrials(state, status);
        }
        sweep.SaveAnalyses();
        return ExitCodes.Done;
    }

    /// <summary>
    /// Lists from the summary projection (<see cref="SweepSummaries"/>): with every summary current it reads two small
    /// queries and starts no actor system; a sweep whose log moved on is read from the log and its summary saved back.
    /// </summary>
    public static int List(string? db)
    {
        if (ExistingDatabase.Find(db) is not { } database)
        {
            return ExitCodes.BadInput;
        }
        var summaries = SweepSummaries.Current(new SweepSummaryStore(new SqlStorage(database)), database, SweepSummaries.ReplayForced);
        if (summaries.Count == 0)
        {
            Console.WriteLine($"no sweeps in {database.Display}");
            return ExitCodes.Done;
        }
        var running = LeaseStore.RunningNow(database);
        SweepTables.WriteList(summaries.Select(s => (s, SweepSummary.StatusText(s.Status, running.Contains(s.Name)))).ToList());
        return ExitCodes.Done;
    }
}
