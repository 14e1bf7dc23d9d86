using ActorTune.Actors.Persistence;
using ActorTune.Model.Training;
using Akka.Actor;
using Akka.Event;
using LinqToDB;

namespace ActorTune.Actors.Storage;

/// <summary>
/// Trial logs in the sweep database: a trainable with a log (<see cref="ITrainableLog"/>) has it kept when its
/// trial actor stops, and <c>show NAME --log TRIAL</c> reads it back. One per actor system, found from its
/// configuration like <see cref="ActorTuneStorage"/>.
/// </summary>
public sealed class TrialLogStore : IExtension
{
    private readonly SqlStorage _storage;

    public TrialLogStore(SqlStorage storage)
    {
        _storage = storage;
    }

    public sealed record Entry(int Attempt, string Text);

    public static TrialLogStore Get(ActorSystem system) => system.WithExtension<TrialLogStore, TrialLogStoreProvider>();

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

    /// <summary>
    /// Keeps the log of a trainable that has one (after it was disposed, so the log is complete). A log that cannot
    /// be written costs only the log: the trial's result is in the journal already.
    /// </summary>
    public static void Keep(ActorSystem system, string sweep, int trial, int attempt, ITrainable? trainable)
    {
        if (trainable is not ITrainableLog { Log: { Length: > 0 } text })
        {
            return;
        }
        try
        {
            Get(system).Save(sweep, trial, attempt, text);
        }
        catch (Exception e)
        {
            system.Log.Warning("the log of trial {0} could not be written: {1}", trial, e.Message);
        }
    }
}

public sealed class TrialLogStoreProvider : ExtensionIdProvider<TrialLogStore>
{
    public override TrialLogStore CreateExtension(ExtendedActorSystem system)
    {
        var config = system.Settings.Config.GetConfig("actortune.database");
        return new TrialLogStore(new SqlStorage(new DatabaseLocation(config.GetString("provider-name"), config.GetString("connection-string"),
            config.GetString("display"), config.GetBoolean("sqlite"))));
    }
}
