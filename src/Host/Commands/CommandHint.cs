using System.Text.RegularExpressions;
using ActorTune.Actors.Messages;
using ActorTune.Actors.Persistence;

namespace ActorTune.Host.Commands;

/// <summary>
/// The <c>actortune …</c> commands printed as advice (how to continue a sweep), written so that pasting one into a
/// shell works: with the <c>--db</c> the user gave unless it is the default, and every argument the shell would
/// split or expand (a path with a space) in single quotes.
/// </summary>
public static partial class CommandHint
{
    /// <summary>`actortune resume NAME [--db PATH]`.</summary>
    public static string Resume(string name, string? db) => Format(["resume", name, .. DatabaseArguments(db)]);

    /// <summary>The command this process was started with, again: a cluster coordinator is resumed by running it as it was.</summary>
    public static string ThisCommandAgain() => Format(Environment.GetCommandLineArgs().Skip(1));

    /// <summary>
    /// A refusal to start, with the command that helps: a name the database already holds is continued with
    /// <c>resume</c> on the same database.
    /// </summary>
    public static string Rejection(SweepRejected rejected, string name, string? db) =>
        rejected.NameTaken ? $"{rejected.Reason}; {Resume(name, db)} continues it" : rejected.Reason;

    public static string Format(IEnumerable<string> arguments) => "`actortune " + string.Join(" ", arguments.Select(Quote)) + "`";

    /// <summary>
    /// Nothing for the default database; otherwise <c>--db</c> with the full path of a SQLite file (so the hint works
    /// from any directory) or the PostgreSQL address as given.
    /// </summary>
    public static IEnumerable<string> DatabaseArguments(string? db)
    {
        if (string.IsNullOrWhiteSpace(db))
        {
            return [];
        }
        var location = DatabaseLocation.Parse(db);
        if (location.IsSqlite && location.Display == DatabaseLocation.Parse(null).Display)
        {
            return [];
        }
        return ["--db", location.IsSqlite ? location.Display : db];
    }

    /// <summary>POSIX shell quoting: plain words as they are, anything else in single quotes (a quote inside as '\'').</summary>
    public static string Quote(string argument) =>
        argument.Length > 0 && PlainWord().IsMatch(argument) ? argument : "'" + argument.Replace("'", "'\\''") + "'";

    [GeneratedRegex(@"^[A-Za-z0-9_./:=@%+,-]+$")]
    private static partial Regex PlainWord();
}
