using ActorTune.Model.Training;
using LinqToDB;

namespace ActorTune.Actors.Storage;

/// <summary>
/// Trial logs in the sweep database: a trainable with a log (<see cref="ITrainableLog"/>) has it kept while its trial
/// runs and when its trial actor stops (through <see cref="TrialStorage"/>, each time replacing the attempt's
/// row), and <c>show NAME --log TRIAL</c> and the dashboard's trial page read it back.
/// </summary>
public sealed class TrialLogStore
{
    private readonly SqlStorage _storage;

    public TrialLogStore(SqlStorage storage)
    {
        _storage = storage;
    }

    public sealed record Entry(int Attempt, string Text);

    public void Save(string sweep, int trial, int attempt, string text)
    {
        using var db = _storage.Open();
        db.InsertOrReplace(new TrialLogRow { Sweep = sweep, Trial = trial, Attempt = attempt, Text = text, CreatedMs = SqlStorage.NowMs() });
    }

    /// <summary>The trial's logs, one per attempt that left one, oldest first.</summary>
    public IReadOnlyList<Entry> Load(string sweep, int trial)
    {
        using var db = _storage.Open();
        return db.GetTable<TrialLogRow>().Where(l => l.Sweep == sweep && l.Trial == trial).OrderBy(l => l.Attempt)
            .Select(l => new Entry(l.Attempt, l.Text)).ToList();
    }
}
