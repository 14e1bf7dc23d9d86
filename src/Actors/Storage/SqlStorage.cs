using ActorTune.Actors.Persistence;
using LinqToDB;
using LinqToDB.Data;

namespace ActorTune.Actors.Storage;

/// <summary>
/// Opens connections to the sweep database for ActorTune's own tables (checkpoints, leases), through the same
/// linq2db provider the journal uses, so one piece of code serves SQLite and PostgreSQL. Creates the tables on
/// first use.
/// </summary>
public sealed class SqlStorage
{
    private readonly DataOptions _options;
    private readonly Lazy<bool> _created;

    public SqlStorage(DatabaseLocation database)
    {
        Database = database;
        _options = new DataOptions().UseConnectionString(database.ProviderName, database.ConnectionString);
        _created = new Lazy<bool>(CreateTables);
    }

    public DatabaseLocation Database { get; }

    public DataConnection Open()
    {
        _ = _created.Value;
        return new DataConnection(_options);
    }

    public static long NowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private bool CreateTables()
    {
        using var db = new DataConnection(_options);
        db.CreateTable<CheckpointRow>(tableOptions: TableOptions.CheckExistence);
        db.CreateTable<LeaseRow>(tableOptions: TableOptions.CheckExistence);
        db.CreateTable<TrialLogRow>(tableOptions: TableOptions.CheckExistence);
        db.CreateTable<SweepSummaryRow>(tableOptions: TableOptions.CheckExistence);
        db.CreateTable<SweepStateRow>(tableOptions: TableOptions.CheckExistence);
        return true;
    }
}
