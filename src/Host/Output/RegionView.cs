using ActorTune.Model.Space;
using ActorTune.Model.State;

namespace ActorTune.Host.Output;

/// <summary>
/// The coarse-to-fine zoom in <c>show</c>: one row per round with the region it sampled, round 1 being the whole
/// space, so a user sees each range close in on the best trials. Too wide for the output, each round is a
/// paragraph of <c>name [low, high]</c> instead. Prints nothing for sweeps without regions.
/// </summary>
public static class RegionView
{
    public static void Write(SweepState state)
    {
        if (state.Regions.Count == 0)
        {
            return;
        }
        var names = state.Regions.SelectMany(r => r.Parameters.Select(p => p.Name)).Distinct().ToList();
        var rounds = state.Regions.OrderBy(r => r.Round).ToList();
        var table = new TextTable().Add(new("round", Right: true)).Add(new("trials", Right: true));
        foreach (var name in names)
        {
            table.Add(new(name));
        }
        foreach (var region in rounds)
        {
            table.AddRow([Round(region), Trials(state, region), .. names.Select(name => Describe(region.Find(name)))]);
        }
        Console.WriteLine("search regions");
        if (table.NaturalWidth <= TextFit.Width)
        {
            foreach (var line in table.Render(TextFit.Width))
            {
                Console.WriteLine(line);
            }
        }
        else
        {
            foreach (var region in rounds)
            {
                TextFit.WriteWrapped(names.Select(name => $"{name} {Describe(region.Find(name))}"),
                    $"  round {Round(region)}, {Trials(state, region)} trials: ", "      ");
            }
        }
        Console.WriteLine();
    }

    private static string Round(SearchRegion region) => region.Round.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Trials(SweepState state, SearchRegion region) =>
        state.Trials.Count(t => t.Round == region.Round).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Describe(ParameterRegion? region) => region switch
    {
        null => "-",
        { Values: { } values } => "{" + string.Join(", ", values.Select(TrialConfig.Short)) + "}",
        { Low: { } low, High: { } high } => $"[{TrialConfig.Short(ParamValue.Of(low))}, {TrialConfig.Short(ParamValue.Of(high))}]",
        _ => "-",
    };
}
