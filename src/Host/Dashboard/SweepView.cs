using System.Text.Json;
using System.Text.Json.Nodes;

namespace ActorTune.Host.Dashboard;

/// <summary>
/// One version of a sweep page's JSON, kept also in parts so an event stream can send only the parts that changed
/// (<see cref="SweepViewDeltas"/>): each top-level section serialized on its own, and the learning curves' series
/// one per trial.
/// </summary>
public sealed record SweepView(
    string Json,
    IReadOnlyDictionary<string, string> Sections,
    IReadOnlyList<KeyValuePair<string, string>> CurvesHead,
    string CurvesShape,
    IReadOnlyDictionary<int, string> CurveSeries)
{
    public static SweepView Of(JsonObject view)
    {
        var sections = view.Select(p => KeyValuePair.Create(p.Key, p.Value?.ToJsonString() ?? "null")).ToList();
        var curves = view["curves"]!.AsObject();
        var series = curves["series"]!.AsArray()
            .ToDictionary(s => s!["trial"]!.GetValue<int>(), s => s!.ToJsonString());
        var head = curves.Where(p => p.Key != "series").Select(p => KeyValuePair.Create(p.Key, p.Value?.ToJsonString() ?? "null")).ToList();
        // The same epochs and the same trials drawn: the page can take just the series that changed.
        var shape = curves["epochs"]!.ToJsonString() + "|" + string.Join(",", series.Keys);
        return new SweepView(Object(sections), sections.ToDictionary(), head, shape, series);
    }

    /// <summary>A JSON object of already serialized members, in their order.</summary>
    public static string Object(IEnumerable<KeyValuePair<string, string>> members) =>
        "{" + string.Join(",", members.Select(m => JsonSerializer.Serialize(m.Key) + ":" + m.Value)) + "}";
}
