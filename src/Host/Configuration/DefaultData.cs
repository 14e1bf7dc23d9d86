namespace ActorTune.Host.Configuration;

/// <summary>
/// Finds the shipped default data set (data/digits.csv.gz): under the working directory, else under the
/// repository the executable was built in.
/// </summary>
public static class DefaultData
{
    public const string RelativePath = "data/digits.csv.gz";

    public static string Resolve(string path)
    {
        if (File.Exists(path) || Path.IsPathRooted(path))
        {
            return path;
        }
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, path);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return path;
    }
}
