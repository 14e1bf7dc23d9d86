namespace ActorTune.Model.Sweep;

/// <summary>
/// The known name a misspelt one was most likely meant to be, for "did you mean" hints on sweep-file keys and
/// hyperparameter names. Optimal string alignment distance, so a swapped pair of letters (scael) counts once.
/// </summary>
public static class NameSuggestion
{
    /// <summary>The closest of <paramref name="known"/>, or null when none is close enough to be a plausible typo.</summary>
    public static string? Closest(string name, IEnumerable<string> known)
    {
        // A short name tolerates fewer edits: "foo" is not a typo of "mlp" even though three edits turn one into the other.
        var allowed = Math.Clamp(name.Length / 3, 1, 3);
        return known.Select(k => (Name: k, Distance: Distance(name, k)))
            .Where(c => c.Distance <= allowed)
            .OrderBy(c => c.Distance)
            .Select(c => c.Name)
            .FirstOrDefault();
    }

    /// <summary>" (did you mean 'x'?)" or nothing, to append to a message.</summary>
    public static string Hint(string name, IEnumerable<string> known) =>
        Closest(name, known) is { } closest ? $" (did you mean '{closest}'?)" : "";

    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }
        return d[a.Length, b.Length];
    }
}
