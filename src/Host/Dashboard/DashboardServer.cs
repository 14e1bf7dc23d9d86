using System.Text;
using System.Text.Json.Nodes;
using ActorTune.Actors.Messages;
using ActorTune.Actors.Storage;
using ActorTune.Actors.Sweeps;
using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ActorTune.Host.Dashboard;

/// <summary>
/// The web dashboard: Kestrel on one explicit address, JSON endpoints over the sweeps' state, server-sent events
/// that push a sweep's page as its log grows, the embedded pages, and — only in the long-lived host — the controls.
/// It runs beside the command's own host and stops with it.
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DashboardServer(WebApplication app, HttpEndpoint endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    public HttpEndpoint Endpoint { get; }

    /// <param name="controls">The host's controls; null for <c>actortune dashboard</c>, which only reads.</param>
    public static async Task<DashboardServer> StartAsync(HttpEndpoint endpoint, DashboardSecurity security, ActorSystem system,
        string database, DashboardControls? controls)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(endpoint.Address, endpoint.Port);
        });
        builder.Services.AddRoutingCore();
        // The command's own host owns Ctrl+C and SIGTERM; this one stops when the command disposes it.
        builder.Services.AddSingleton<IHostLifetime, CommandOwnedLifetime>();
        var app = builder.Build();
        app.Use(security.InvokeAsync);
        app.UseRouting();
        Map(app, new SweepCache(new SweepStore(system), new SweepTail(system)), ActorTuneStorage.Get(system).TrialLogs, database, controls);
        try
        {
            await app.StartAsync();
        }
        catch (IOException e)
        {
            await app.DisposeAsync();
            throw new ArgumentException($"--http: cannot listen on {endpoint.Address}:{endpoint.Port}: {e.Message}");
        }
        return new DashboardServer(app, endpoint);
    }

    private static void Map(WebApplication app, SweepCache cache, TrialLogStore logs, string database, DashboardControls? controls)
    {
        app.MapGet("/", () => EmbeddedAssets.ServeAsync("index.html"));
        app.MapGet("/sweeps/{name}", (string name) => EmbeddedAssets.ServeAsync("sweep.html"));
        app.MapGet("/sweeps/{name}/trials/{id:int}", (string name, int id) => EmbeddedAssets.ServeAsync("trial.html"));
        app.MapGet("/static/{**path}", (string path) => EmbeddedAssets.ServeAsync(path));

        app.MapGet("/api/info", () => Json(new JsonObject
        {
            ["database"] = database,
            ["controls"] = controls is not null,
            ["reads"] = new JsonObject { ["whole"] = cache.Reads.Whole, ["new_events_only"] = cache.Reads.Tail },
        }));
        app.MapGet("/api/sweeps", async () => Json(await ListAsync(cache)));
        var views = new SweepViewCache(cache);
        app.MapGet("/api/sweeps/{name}", async (string name) => await views.GetAsync(name) is { } view
            ? Results.Text(view.Json, "application/json; charset=utf-8")
            : NoSweep(name, database));
        app.MapGet("/api/sweeps/{name}/trials", async (string name, string? sort, bool? desc, string? status, int? offset, int? limit) =>
            await cache.GetAsync(name) is var (state, _)
                ? Json(DashboardViews.TrialsPage(state, sort, desc ?? false, status, offset ?? 0, limit ?? 50))
                : NoSweep(name, database));
        app.MapGet("/api/sweeps/{name}/trials/{id:int}", async (string name, int id) => await cache.GetAsync(name) is var (state, status)
            ? state.HasTrial(id) ? Json(DashboardViews.Trial(state, status, state.Trial(id))) : Results.NotFound($"sweep '{name}' has no trial {id}\n")
            : NoSweep(name, database));
        // Live, checked every second: the list is pushed again whenever it changed; a sweep's page gets only the
        // parts that changed (SweepViewDeltas); a trial's page gets the trial again and its log's new lines.
        app.MapGet("/api/events", (HttpContext context) =>
        {
            string? last = null;
            return StreamAsync(context, async () =>
            {
                var current = (await ListAsync(cache)).ToJsonString();
                return current == last ? [] : [("update", last = current)];
            });
        });
        app.MapGet("/api/sweeps/{name}/events", (HttpContext context, string name) =>
        {
            var deltas = new SweepViewDeltas();
            return StreamAsync(context, async () => deltas.Next(await views.GetAsync(name)) is { } next ? [next] : []);
        });
        app.MapGet("/api/sweeps/{name}/trials/{id:int}/events", (HttpContext context, string name, int id) =>
        {
            string? last = null;
            var log = new TrialLogDeltas();
            return StreamAsync(context, async () =>
            {
                if (await cache.GetAsync(name) is not var (state, status) || !state.HasTrial(id))
                {
                    return [];
                }
                var current = DashboardViews.Trial(state, status, state.Trial(id)).ToJsonString();
                var messages = current == last ? [] : new List<(string, string)> { ("update", last = current) };
                return [.. messages, .. log.Next(logs.Load(name, id))];
            });
        });

        app.MapPost("/api/sweeps/{name}/{action}", async (HttpContext context, string name, string action) =>
        {
            if (controls is null)
            {
                return ReadOnly();
            }
            if (!DashboardControls.SweepActions.Contains(action))
            {
                return Results.NotFound($"unknown action '{action}' (pause, continue, cancel)\n");
            }
            var (accepted, message) = await controls.ControlAsync(name, action, $"dashboard ({context.Connection.RemoteIpAddress})");
            return Answer(accepted ? 200 : 409, message);
        });
        app.MapPost("/api/submit", async (HttpContext context) =>
        {
            if (controls is null)
            {
                return ReadOnly();
            }
            var body = await ReadJsonAsync(context);
            if (body?["text"]?.GetValue<string>() is not { Length: > 0 } text)
            {
                return Answer(400, "send {\"file\": NAME, \"text\": the sweep file}");
            }
            var (status, message) = await controls.SubmitAsync(body["file"]?.GetValue<string>() ?? "submitted.hocon", text);
            return Answer(status, message);
        });
        app.MapPost("/api/sweeps/{name}/trials/{id:int}/intervene", async (HttpContext context, string name, int id) =>
        {
            if (controls is null)
            {
                return ReadOnly();
            }
            var body = await ReadJsonAsync(context);
            if (body?["action"]?.GetValue<string>() is not { Length: > 0 } action)
            {
                return Answer(400, "send {\"action\": pause | resume | set | rollback | stop, \"name\", \"value\", \"epoch\"}");
            }
            if (await cache.GetAsync(name) is not var (state, _) || !state.HasTrial(id) || state.Trial(id).Status != Model.State.TrialStatus.Running)
            {
                return Answer(409, $"trial {id} of '{name}' is not running");
            }
            var epoch = body["epoch"] is JsonValue e && e.TryGetValue<int>(out var number) ? number : (int?)null;
            var (accepted, message) = await controls.InterveneAsync(name,
                new Intervene(action, body["name"]?.GetValue<string>(), body["value"]?.ToString(), epoch));
            return Answer(accepted ? 200 : 409, message);
        });
    }

    private static async Task<JsonNode> ListAsync(SweepCache cache)
    {
        var sweeps = new JsonArray();
        foreach (var name in await cache.NamesAsync())
        {
            if (await cache.GetAsync(name) is var (state, status))
            {
                sweeps.Add(DashboardViews.SweepSummary(state, status));
            }
        }
        return sweeps;
    }

    /// <param name="next">What to send now (event name and data), asked every <see cref="SweepCache.Freshness"/>.</param>
    private static async Task StreamAsync(HttpContext context, Func<Task<IReadOnlyList<(string Event, string Data)>>> next)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        // A page left open must not hold up the command's shutdown.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted,
            context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        var cancel = stopping.Token;
        var quiet = 0;
        try
        {
            while (!cancel.IsCancellationRequested)
            {
                var messages = await next();
                foreach (var (name, data) in messages)
                {
                    await response.WriteAsync($"event: {name}\ndata: {data}\n\n", Encoding.UTF8, cancel);
                }
                if (messages.Count > 0)
                {
                    quiet = 0;
                }
                else if (++quiet % 15 == 0)
                {
                    await response.WriteAsync(": still here\n\n", cancel); // keeps proxies from closing an idle stream
                }
                await response.Body.FlushAsync(cancel);
                await Task.Delay(SweepCache.Freshness, cancel);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task<JsonNode?> ReadJsonAsync(HttpContext context)
    {
        try
        {
            return await JsonNode.ParseAsync(context.Request.Body);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static IResult Json(JsonNode node) => Results.Text(node.ToJsonString(), "application/json; charset=utf-8");

    private static IResult Answer(int status, string message) =>
        Results.Json(new { ok = status == 200, message }, statusCode: status);

    private static IResult NoSweep(string name, string database) => Results.NotFound($"no sweep named '{name}' in {database}\n");

    private static IResult ReadOnly() =>
        Answer(405, "this dashboard only reads its database: the controls are on `actortune host --http ADDR:PORT`");

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
        }
        await _app.DisposeAsync();
    }

    private sealed class CommandOwnedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
