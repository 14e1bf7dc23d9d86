namespace ActorTune.Model.Sweep;

/// <summary>
/// Joins problems found by successive checks so that one problem gives one line: a later check's error is dropped
/// when an earlier one already named the same key, a key inside it or the block holding it (a one-minus-log
/// <c>beta1</c> with max = 1 is reported by the range check, not again by the MLP's bounds check).
/// </summary>
public static class SpecErrorMerge
{
    public static List<SpecError> Merge(IEnumerable<SpecError> first, IEnumerable<SpecError> then)
    {
        var result = first.Distinct().ToList();
        var reported = result.Select(e => e.Where).ToList();
        foreach (var error in then.Distinct())
        {
            if (!reported.Any(key => Related(key, error.Where)))
            {
                result.Add(error);
            }
        }
        return result;
    }

    private static bool Related(string a, string b) =>
        a == b || a.StartsWith(b + ".", StringComparison.Ordinal) || b.StartsWith(a + ".", StringComparison.Ordinal);
}
