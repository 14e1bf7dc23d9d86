namespace ActorTune.Host.Dashboard;

/// <summary>
/// What one sweep page's event stream sends next: the whole page first (<c>update</c>), then only what changed
/// since the version it last sent (<c>delta</c>): the sections that differ, and of the learning curves — while the
/// same trials are drawn on the same epochs — only the series that changed (<c>"partial": true</c>). One per
/// connection: it remembers what that page has.
/// </summary>
public sealed class SweepViewDeltas
{
    private SweepView? _sent;

    /// <returns>The event and its data, or null when the page already has this version.</returns>
    public (string Event, string Data)? Next(SweepView? view)
    {
        if (view is null || ReferenceEquals(view, _sent))
        {
            return null;
        }
        var sent = _sent;
        _sent = view;
        if (sent is null)
        {
            return ("update", view.Json);
        }
        var changed = new List<KeyValuePair<string, string>>();
        foreach (var (key, json) in view.Sections)
        {
            if (sent.Sections.TryGetValue(key, out var before) && before == json)
            {
                continue;
            }
            changed.Add(KeyValuePair.Create(key, key == "curves" && sent.CurvesShape == view.CurvesShape ? PartialCurves(sent, view) : json));
        }
        return changed.Count == 0 ? null : ("delta", SweepView.Object(changed));
    }

    private static string PartialCurves(SweepView sent, SweepView view)
    {
        var series = view.CurveSeries.Where(s => sent.CurveSeries[s.Key] != s.Value).Select(s => s.Value);
        return SweepView.Object([.. view.CurvesHead, KeyValuePair.Create("partial", "true"), KeyValuePair.Create("series", "[" + string.Join(",", series) + "]")]);
    }
}
