using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace ActorTune.Host.Dashboard;

/// <summary>
/// The dashboard's pages, script and the vendored chart library (uPlot, see wwwroot/vendor/uplot/README.md), built
/// into the executable as resources: the dashboard works offline and serves exactly the files it was built with.
/// </summary>
public static class EmbeddedAssets
{
    private const string Prefix = "dashboard/";
    private static readonly Assembly Assembly = typeof(EmbeddedAssets).Assembly;
    private static readonly HashSet<string> Names = Assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).ToHashSet();

    public static bool Exists(string path) => Names.Contains(Prefix + path);

    public static async Task<IResult> ServeAsync(string path)
    {
        if (path.Contains("..", StringComparison.Ordinal) || !Exists(path))
        {
            return Results.NotFound();
        }
        await using var stream = Assembly.GetManifestResourceStream(Prefix + path)!;
        var bytes = new byte[stream.Length];
        await stream.ReadExactlyAsync(bytes);
        return Results.Bytes(bytes, ContentType(path));
    }

    private static string ContentType(string path) => Path.GetExtension(path) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".png" => "image/png",
        ".svg" => "image/svg+xml",
        _ => "text/plain; charset=utf-8",
    };
}
