using ActorTune.Model.Space;
using ActorTune.Model.State;
using Spectre.Console;

namespace ActorTune.Host.Output;

/// <summary>
/// The coarse-to-fine zoom in <c>show</c>: one row per round with the region it sampled, round 1 being the whole
/// space, so a user sees each range close in on the best trials. Prints nothing for sweeps without regions.
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
        var table = new Table().Border(TableBorder.Simple).Title("search regions");
        table.AddColumn("round").AddColumn("trials");
        foreach (var name in names)
        {
            table.AddColumn(Markup.Escape(name));
        }
        foreach (var region in state.Regions.OrderBy(r => r.Round))
        {
            var cells = new List<string>
            {
                region.Round.ToString(System.Globalization.CultureInfo.InvariantCulture),
                state.Trials.Count(t => t.Round == region.Round).ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            cells.AddRange(names.Select(name => Markup.Escape(Describe(region.Find(name)))));
            table.AddRow(cells.ToArray());
        }
        AnsiConsole.Write(table);
    }

    private static string Describe(ParameterRegion? region) => region switch
    {
        null => "-",
        { Values: { } values } => "{" + string.Join(", ", values.Select(TrialConfig.Short)) + "}",
        { Low: { } low, High: { } high } => $"[{TrialConfig.Short(ParamValue.Of(low))}, {TrialConfig.Short(ParamValue.Of(high))}]",
        _ => "-",
    };
}
