using ActorTune.Actors.Persistence;

namespace ActorTune.Host.Commands;

/// <summary>
/// The database for the commands that only read (list, show, report, export) or continue (resume): it must be there
/// already. Opening a SQLite path creates the file, so a typo in --db would otherwise leave an empty database
/// behind and report "no sweeps" as if that were the answer. A PostgreSQL address is taken as it is.
/// </summary>
public static class ExistingDatabase
{
    /// <summary>The parsed location, or null (with "no database at PATH" on stderr) when its SQLite file does not exist.</summary>
    public static DatabaseLocation? Find(string? db)
    {
        var location = DatabaseLocation.Parse(db);
        if (location.IsSqlite && !File.Exists(location.Display))
        {
            Console.Error.WriteLine($"actortune: no database at {location.Display}");
            return null;
        }
        return location;
    }
}
