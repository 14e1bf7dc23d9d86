using System.Globalization;
using System.Text;
using ActorTune.Host.Output;
using ActorTune.Model.Space;
using ActorTune.Model.State;
using static System.Net.WebUtility;

namespace ActorTune.Host.Reports;

/// <summary>The report's HTML page: a summary, every figure embedded as a data URI, and the trials table, best first.</summary>
public static class ReportPage
{
    private const string Style = """
        body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1000px; color: #222; }
        h1 { margin-bottom: 0.2em; } .summary { color: #555; }
        figure { margin: 2em 0; } figure img { max-width: 100%; border: 1px solid #ddd; }
        figcaption { color: #555; font-size: 0.9em; }
        .params { display: grid; grid-template-columns: repeat(auto-fill, minmax(460px, 1fr)); gap: 0 1em; }
        table { border-collapse: collapse; font-size: 0.85em; } th, td { padding: 2px 8px; text-align: right; border-bottom: 1px solid #eee; }
        th { position: sticky; top: 0; background: #f6f6f6; } td.text { text-align: left; }
        tr.ended { color: #999; } tr.best { background: #fde8e8; font-weight: bold; }
        """;

    public static string Html(SweepState state, string status, IReadOnlyList<ReportFigure> figures)
    {
        var spec = state.RequireSpec();
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append($"<title>ActorTune report: {HtmlEncode(spec.Name)}</title>\n<style>\n{Style}</style>\n</head>\n<body>\n")
            .Append($"<h1>{HtmlEncode(spec.Name)}</h1>\n")
            .Append($"<p class=\"summary\">{HtmlEncode(status)} · {state.Finished} of {spec.Trials} trials finished ({HtmlEncode(Formats.StatusCounts(state))}) · ")
            .Append($"{(spec.Goal == Model.Sweep.Goal.Max ? "maximise" : "minimise")} {HtmlEncode(spec.Metric)} · model {HtmlEncode(spec.Model.Type)} · ")
            .Append($"strategy {HtmlEncode(spec.Strategy.Type)} · scheduler {HtmlEncode(spec.Scheduler.Type)} · {spec.Epochs} epochs per trial</p>\n");
        if (state.Best() is { } best)
        {
            html.Append($"<p>Best: trial {best.Id}, {HtmlEncode(spec.Metric)} = {Formats.Metric(best.BestValue)} at epoch {best.BestEpoch(spec.Metric, spec.Goal)} with ")
                .Append(HtmlEncode(Formats.Config(best.ConfigAtBest(spec.Metric, spec.Goal), spec.Space.Searched.Select(p => p.Name).ToList()))).Append(".</p>\n");
        }
        var parameterFigures = figures.Where(f => f.File.StartsWith("param-", StringComparison.Ordinal)).ToList();
        foreach (var figure in figures.Except(parameterFigures))
        {
            Figure(html, figure);
        }
        if (parameterFigures.Count > 0)
        {
            html.Append("<h2>The value against each hyperparameter, on its own scale</h2>\n<div class=\"params\">\n");
            parameterFigures.ForEach(figure => Figure(html, figure));
            html.Append("</div>\n");
        }
        Trials(html, state);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void Figure(StringBuilder html, ReportFigure figure) =>
        html.Append($"<figure>\n<img data-file=\"{HtmlEncode(figure.File)}\" alt=\"{HtmlEncode(figure.Title)}\" src=\"data:image/png;base64,")
            .Append(Convert.ToBase64String(figure.Png))
            .Append($"\">\n<figcaption>{HtmlEncode(figure.Caption)} (<a href=\"{HtmlEncode(figure.File)}\">{HtmlEncode(figure.File)}</a>)</figcaption>\n</figure>\n");

    private static void Trials(StringBuilder html, SweepState state)
    {
        var spec = state.RequireSpec();
        var searched = spec.Space.Searched.Select(p => p.Name).ToList();
        var bestId = state.Best()?.Id;
        html.Append("<h2>Trials, best first</h2>\n<table>\n<tr><th>trial</th><th>status</th>")
            .Append($"<th>{HtmlEncode(spec.Metric)}</th><th>at epoch</th><th>epochs</th><th>seconds</th><th>node</th>");
        searched.ForEach(name => html.Append($"<th>{HtmlEncode(name)}</th>"));
        html.Append("<th>reason</th></tr>\n");
        foreach (var trial in state.Ranked())
        {
            var rowClass = trial.Id == bestId ? " class=\"best\"" : PlotStyle.IsEndedEarly(trial) ? " class=\"ended\"" : "";
            html.Append($"<tr{rowClass}><td>{trial.Id}</td><td class=\"text\">{trial.Status.ToName()}</td>")
                .Append($"<td>{Formats.Metric(trial.BestValue)}</td><td>{trial.BestEpoch(spec.Metric, spec.Goal)?.ToString(CultureInfo.InvariantCulture) ?? "-"}</td>")
                .Append($"<td>{trial.LastEpoch}</td><td>{trial.Seconds.ToString("0.00", CultureInfo.InvariantCulture)}</td><td class=\"text\">{HtmlEncode(trial.Node ?? "-")}</td>");
            var config = trial.ConfigAtBest(spec.Metric, spec.Goal);
            foreach (var name in searched)
            {
                html.Append($"<td>{(config.Contains(name) ? HtmlEncode(TrialConfig.Short(config[name])) : "-")}</td>");
            }
            html.Append($"<td class=\"text\">{HtmlEncode(trial.Reason ?? "")}</td></tr>\n");
        }
        html.Append("</table>\n");
    }
}
