namespace ActorTune.Host.Tests;

/// <summary>A throw-away working directory for one test: sweep files, data files and the database go here.</summary>
internal sealed class Workspace : IDisposable
{
    public Workspace()
    {
        Directory = Path.Combine(Path.GetTempPath(), "actortune-e2e", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public string Write(string name, string text)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>A sweep file; <paramref name="body"/> goes inside <c>sweep { … }</c> after the name.</summary>
    public string Sweep(string name, string body) => Write($"{name}.hocon", $"sweep {{\n  name = {name}\n{body}\n}}\n");

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
