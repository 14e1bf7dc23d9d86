using System.Globalization;
using System.Text.Json;
using ActorTune.Model.Analysis;
using ActorTune.Model.State;
using Spectre.Console;

namespace ActorTune.Host.Output;

/// <summary>
/// Hyperparameter importance in <c>show</c> (a ranked table next to the seed's tiers) and in <c>show --json</c>
/// (<c>"importance": [{ "param", "importance", "rank", "seed_tier" }]</c>, empty while too few trials have a value).
/// </summary>
public static class ImportanceView
{
    public static void Write(SweepState state)
    {
        if (HyperparameterImportance.Of(state) is not { } importance)
        {
            Console.WriteLine($"importance: needs at least {HyperparameterImportance.MinTrials} trials with a value");
            return;
        }
        TextFit.WriteWrapped($"importance ({HyperparameterImportance.Method} on a random forest of {HyperparameterImportance.Trees} trees, {importance.TrialsText}; the seed's tiers: 1 matters most)".Split(' '),
            separator: " ");
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("rank").AddColumn("parameter").AddColumn(new TableColumn("importance").RightAligned()).AddColumn("").AddColumn("seed tier");
        foreach (var parameter in importance.Parameters)
        {
            table.AddRow(
                parameter.Rank.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(parameter.Name),
                parameter.Importance.ToString("0.000", CultureInfo.InvariantCulture),
                new string('█', (int)Math.Round(parameter.Importance * 20)),
                parameter.SeedTier?.ToString(CultureInfo.InvariantCulture) ?? "-");
        }
        AnsiConsole.Write(table);
        if (importance.SeedAgreement is { } agreement)
        {
            TextFit.WriteWrapped($"agreement with the seed's tiers (Spearman, 1 = same order): {agreement.ToString("0.00", CultureInfo.InvariantCulture)}".Split(' '),
                separator: " ");
        }
    }

    public static void WriteJson(Utf8JsonWriter json, SweepState state)
    {
        json.WriteStartArray("importance");
        foreach (var parameter in HyperparameterImportance.Of(state)?.Parameters ?? [])
        {
            json.WriteStartObject();
            json.WriteString("param", parameter.Name);
            json.WriteNumber("importance", Math.Round(parameter.Importance, 6));
            json.WriteNumber("rank", parameter.Rank);
            if (parameter.SeedTier is { } tier)
            {
                json.WriteNumber("seed_tier", tier);
            }
            else
            {
                json.WriteNull("seed_tier");
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }
}
