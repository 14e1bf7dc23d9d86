using System.Text.Json.Nodes;
using ActorTune.Actors.Storage;

namespace ActorTune.Host.Dashboard;

/// <summary>
/// What one trial page's event stream sends of the trial's log (<see cref="TrialLogStore"/>, written while the trial
/// runs): per attempt, only the text added since it last sent (<c>from</c> = how much the page has), or the whole
/// text again when it no longer continues what was sent (a capped log dropped its oldest lines). One per connection.
/// </summary>
public sealed class TrialLogDeltas
{
    private readonly Dictionary<int, string> _sent = [];

    public IReadOnlyList<(string Event, string Data)> Next(IReadOnlyList<TrialLogStore.Entry> entries)
    {
        var messages = new List<(string, string)>();
        foreach (var entry in entries)
        {
            _sent.TryGetValue(entry.Attempt, out var before);
            if (before == entry.Text)
            {
                continue;
            }
            var from = before is not null && entry.Text.StartsWith(before, StringComparison.Ordinal) ? before.Length : 0;
            _sent[entry.Attempt] = entry.Text;
            messages.Add(("log", new JsonObject { ["attempt"] = entry.Attempt, ["from"] = from, ["text"] = entry.Text[from..] }.ToJsonString()));
        }
        return messages;
    }
}
