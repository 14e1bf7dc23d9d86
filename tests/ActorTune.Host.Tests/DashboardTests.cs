using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ActorTune.Tests.Shared;
using Microsoft.Playwright;

namespace ActorTune.Host.Tests;

/// <summary>
/// The web dashboard through the real executable and a real browser: Debian's chromium driven by Playwright (never
/// a downloaded browser). Skipped, with the reason, where /usr/bin/chromium is missing.
/// </summary>
[Collection(ProcessesCollection.Name)]
public sealed class DashboardTests : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);
    private readonly Workspace _work = new();

    public void Dispose() => _work.Dispose();

    private string Sweep(string name, int trials, int epochs, double epochSeconds, int concurrency = 2, string scheduler = "none") =>
        _work.Sweep(name, $$"""
          model = synthetic
          synthetic { epoch-seconds = {{epochSeconds}} }
          epochs = {{epochs}}
          trials = {{trials}}
          concurrency = {{concurrency}}
          scheduler { type = {{scheduler}} }
          space {
            learning-rate { scale = log, min = 1e-4, max = 1 }
            beta1 { scale = one-minus-log, min = 0.9, max = 0.999 }
          }
        """);

    private async Task<(ActorTuneProcess Host, string Web, string Cluster)> StartHostAsync(params string[] more)
    {
        var cluster = $"127.0.0.1:{LoopbackPort.Free()}";
        var web = $"127.0.0.1:{LoopbackPort.Free()}";
        var host = ActorTuneProcess.Start(_work.Directory, ["host", "--port", cluster.Split(':')[1], "--slots", "2", "--http", web, .. more]);
        await host.WaitForOutputAsync(o => o.Contains("dashboard on http://" + web), Patience);
        return (host, "http://" + web, cluster);
    }

    private async Task<JsonElement> ShowAsync(string name)
    {
        var show = await ActorTuneProcess.RunAsync(_work.Directory, "show", name, "--json");
        Assert.True(show.Exit == 0, show.Err);
        return JsonDocument.Parse(show.Out).RootElement;
    }

    private static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
        return (playwright, browser);
    }

    /// <summary>A page whose every action and navigation waits under Playwright's 30 s, scaled with the machine (<see cref="TestTime"/>).</summary>
    private static async Task<IPage> NewPageAsync(IBrowser browser)
    {
        var page = await browser.NewPageAsync();
        var limit = (float)TestTime.Scaled(TimeSpan.FromSeconds(30)).TotalMilliseconds;
        page.SetDefaultTimeout(limit);
        page.SetDefaultNavigationTimeout(limit);
        return page;
    }

    private static async Task<int> PointsAsync(IPage page) =>
        int.Parse(await page.GetAttributeAsync("#curves", "data-points") ?? "0", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > TestTime.Scaled(Patience))
            {
                throw new TimeoutException($"never happened: {what}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>A finished coarse-to-fine sweep (three rounds, so three regions) with PBT exploits (so a lineage), run in seconds.</summary>
    private async Task<JsonElement> RunCoarseToFineAsync()
    {
        var file = _work.Sweep("pair", """
              seed = 3
              model = synthetic
              synthetic { epoch-seconds = 0 }
              epochs = 8
              trials = 12
              concurrency = 4
              strategy { type = coarse-to-fine, rounds = 3 }
              scheduler { type = pbt, interval = 2 }
              space {
                learning-rate { scale = log, min = 1e-4, max = 1 }
                beta1 { scale = one-minus-log, min = 0.9, max = 0.999 }
              }
            """);
        var run = await ActorTuneProcess.RunAsync(_work.Directory, "run", file);
        Assert.True(run.Exit == 0, run.Err);
        var show = await ShowAsync("pair");
        Assert.Equal(3, show.GetProperty("regions").GetArrayLength());
        return show;
    }

    /// <summary>The top pair draws every round's region, and the round control steps through them (each with its trials so far).</summary>
    private static async Task TopPairStepsThroughRoundsAsync(IPage page, JsonElement show)
    {
        var rounds = show.GetProperty("trials").EnumerateArray().Select(t => t.GetProperty("round").GetInt32()).ToList();
        async Task<string> Regions() => await page.GetAttributeAsync("#top-pair", "data-regions") ?? "";
        async Task<int> Points() => int.Parse(await page.GetAttributeAsync("#top-pair", "data-points") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        await WaitUntilAsync(async () => await Regions() == "round 1,round 2,round 3", "the top pair draws the three rounds' regions");
        Assert.Equal(12, await Points());
        Assert.True(await page.Locator("#top-pair canvas").CountAsync() > 0, "the top pair is drawn by the chart library");
        // Its two parameters are the most important ones once importance is computed (in the background; the page follows).
        await WaitUntilAsync(async () => (await page.TextContentAsync("#top-pair-title") ?? "").StartsWith("The two most important parameters", StringComparison.Ordinal),
            "the top pair takes the two most important parameters");
        Assert.Contains("beta1", await page.TextContentAsync("#top-pair-title") ?? "");
        Assert.Contains("learning-rate", await page.TextContentAsync("#top-pair-title") ?? "");
        // Each axis on its own scale, labelled in the parameter's values: decades of the learning rate, 0.9 / 0.99 / 0.999 for beta1.
        var ticks = await page.EvaluateAsync<string>("() => JSON.stringify(window.dashboardCharts.topPair.ticks())");
        Assert.Contains("0.999", ticks);
        Assert.Contains("0.001", ticks);

        await page.SelectOptionAsync("#round", "1");
        Assert.Equal("round 1", await Regions());
        Assert.Equal(rounds.Count(r => r == 1), await Points());
        await page.ClickAsync("#round-next");
        Assert.Equal("round 1,round 2", await Regions());
        Assert.Equal(rounds.Count(r => r <= 2), await Points());
        await page.ClickAsync("#round-next");
        await page.ClickAsync("#round-next");
        Assert.Equal("all", await page.InputValueAsync("#round"));
        Assert.Equal(12, await Points());
    }

    /// <summary>
    /// Every chart of the sweep page (learning curves, best so far, each parameter, the top pair, the lineage): hovering
    /// one of its trials shows that trial's parameters, and clicking it opens that trial's page.
    /// </summary>
    private static async Task EveryChartShowsAndOpensTrialsAsync(IPage page, string sweepPage)
    {
        string[] charts = ["curves", "history", "scatter-learning-rate", "scatter-beta1", "topPair", "lineage"];
        foreach (var chart in charts)
        {
            await page.GotoAsync(sweepPage);
            // Once the stream's first message is drawn nothing moves any more (the sweep is finished).
            await WaitUntilAsync(async () => await page.GetAttributeAsync("#live", "data-update") == "1", "the page's event stream is open");
            await WaitUntilAsync(async () => await page.EvaluateAsync<int>($"() => window.dashboardCharts['{chart}'] ? window.dashboardCharts['{chart}'].count() : 0") > 0,
                $"the {chart} chart has trials");
            // The middle item (not at a chart's edge, where a neighbouring chart or the axis is close), scrolled to the
            // middle of the window.
            var at = await page.EvaluateAsync<JsonElement>($$"""
                () => {
                  const c = window.dashboardCharts['{{chart}}'], i = Math.floor(c.count() / 2);
                  window.scrollBy(0, c.at(i).y - window.innerHeight / 2);
                  return c.at(i);
                }
                """);
            await page.Mouse.MoveAsync(at.GetProperty("x").GetSingle() - 3, at.GetProperty("y").GetSingle());
            await page.Mouse.MoveAsync(at.GetProperty("x").GetSingle(), at.GetProperty("y").GetSingle());
            // The tip as it stands once the pointer has settled (charts may redraw their cursor a frame later).
            string tip = "", before;
            await WaitUntilAsync(async () =>
            {
                (before, tip) = (tip, await page.IsVisibleAsync("#tip") ? await page.TextContentAsync("#tip") ?? "" : "");
                return tip == before && tip.Contains("learning-rate=") && tip.Contains("beta1=");
            }, $"hovering the {chart} chart shows a trial's parameters");
            var shown = System.Text.RegularExpressions.Regex.Match(tip, @"trial (\d+)");
            Assert.True(shown.Success, $"{chart}: the tip names no trial: {tip}");
            await page.Mouse.ClickAsync(at.GetProperty("x").GetSingle(), at.GetProperty("y").GetSingle());
            // Where the click sends the browser is the point, not that page's load (the next round navigates away anyway).
            var trialPage = $"/sweeps/pair/trials/{shown.Groups[1].Value}";
            await WaitUntilAsync(() => Task.FromResult(page.Url.EndsWith(trialPage, StringComparison.Ordinal)),
                $"clicking the {chart} chart where its tip said '{tip}' opens {trialPage}");
        }
    }

    [SkippableFact]
    public async Task Sweep_pages_draw_the_top_pair_by_round_open_trials_from_every_chart_and_a_running_one_grows_by_deltas_and_pauses()
    {
        Skip.IfNot(File.Exists(Chromium), $"{Chromium} is missing (apt-get install chromium): the browser tests need it");
        var pair = await RunCoarseToFineAsync();
        var (host, web, cluster) = await StartHostAsync();
        using var _ = host;
        var file = Sweep("live", trials: 6, epochs: 200, epochSeconds: 0.1);
        var submitted = await ActorTuneProcess.RunAsync(_work.Directory, "submit", file, "--host", cluster);
        Assert.True(submitted.Exit == 0, submitted.Err);

        var (playwright, browser) = await LaunchAsync();
        using var __ = playwright;
        await using var ___ = browser;
        var page = await NewPageAsync(browser);
        await page.SetViewportSizeAsync(1400, 1000);
        await page.GotoAsync(web + "/sweeps/pair");
        await TopPairStepsThroughRoundsAsync(page, pair);
        await EveryChartShowsAndOpensTrialsAsync(page, web + "/sweeps/pair");

        await page.GotoAsync(web + "/sweeps/live");
        await WaitUntilAsync(async () => await PointsAsync(page) > 0, "the learning curves show points");
        // A marker the page would lose on any reload: the points below must arrive through the event stream.
        await page.EvaluateAsync("() => { window.sameDocument = true; }");
        var before = await PointsAsync(page);
        await WaitUntilAsync(async () => await PointsAsync(page) >= before + 4, "the curves grow");
        // The stream sent the whole page once; everything since came as deltas (only what changed).
        await WaitUntilAsync(async () => int.Parse(await page.GetAttributeAsync("#live", "data-delta") ?? "0", System.Globalization.CultureInfo.InvariantCulture) >= 3,
            "the page gets deltas");
        Assert.Equal("1", await page.GetAttributeAsync("#live", "data-update"));
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"), "the page was reloaded");
        Assert.True(await page.Locator("#curves canvas").CountAsync() > 0, "the curves are drawn by the chart library");
        Assert.Contains("live", await page.TextContentAsync("#name") ?? "");

        await page.ClickAsync("button[data-action=pause]");
        await WaitUntilAsync(async () => (await page.TextContentAsync("#status")) == "paused", "the page shows the sweep paused");
        Assert.Contains("paused", await page.TextContentAsync("#control-result") ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.Equal("paused", (await ShowAsync("live")).GetProperty("status").GetString());
        await host.WaitForOutputAsync(o => o.Contains("sweep live: pause asked by dashboard"), Patience);
        // The dashboard read the running sweep whole once, then only the events written since (SweepTail): its trials
        // must come to agree with a whole read (`show`), epoch for epoch.
        using var http = new HttpClient { BaseAddress = new Uri(web) };
        static string Trials(IEnumerable<(int Id, string? Status, int Epochs)> trials) =>
            string.Join(" ", trials.OrderBy(t => t.Id).Select(t => $"{t.Id}:{t.Status}:{t.Epochs}"));
        await WaitUntilAsync(async () =>
        {
            var whole = Trials((await ShowAsync("live")).GetProperty("trials").EnumerateArray()
                .Select(t => (t.GetProperty("id").GetInt32(), t.GetProperty("status").GetString(), t.GetProperty("epochs").GetArrayLength())));
            var followed = Trials(JsonDocument.Parse(await http.GetStringAsync("/api/sweeps/live/trials?limit=500")).RootElement.GetProperty("rows").EnumerateArray()
                .Select(t => (t.GetProperty("id").GetInt32(), t.GetProperty("status").GetString(), t.GetProperty("epochs").GetInt32())));
            return whole == followed;
        }, "the dashboard's state equals a whole read");
        // Each sweep was read whole once (twice at most, had the page asked before the sweep was defined); every later read took only new events.
        var reads = JsonDocument.Parse(await http.GetStringAsync("/api/info")).RootElement.GetProperty("reads");
        Assert.InRange(reads.GetProperty("whole").GetInt64(), 2, 3);
        Assert.True(reads.GetProperty("new_events_only").GetInt64() >= 5, reads.ToString());

        host.Signal("TERM");
        Assert.Equal(0, await host.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    /// <summary>An external program that says what it does on standard error, an epoch every half second.</summary>
    private const string Chatty = """
        import json, sys, time
        epochs = int(sys.argv[1])
        for epoch in range(1, epochs + 1):
            print(f"chatty: epoch {epoch} of {epochs}", file=sys.stderr, flush=True)
            time.sleep(0.5)
            print(json.dumps({"epoch": epoch, "val_accuracy": epoch / epochs}), flush=True)
        """;

    [SkippableFact]
    public async Task A_babysat_trials_learning_rate_is_set_from_its_page_and_a_running_programs_log_grows_on_its_page()
    {
        Skip.IfNot(File.Exists(Chromium), $"{Chromium} is missing (apt-get install chromium): the browser tests need it");
        var (host, web, cluster) = await StartHostAsync("--allow-commands");
        using var _ = host;
        // One trial (the babysitter acts on the one running trial) and a scheduler that never prunes (grace = the last epoch): the trial waits for a
        // word after each epoch, so the babysitter's set takes effect at the next one.
        var file = Sweep("panda", trials: 1, epochs: 300, epochSeconds: 0.1, concurrency: 1, scheduler: "median, grace = 300");
        Assert.Equal(0, (await ActorTuneProcess.RunAsync(_work.Directory, "submit", file, "--host", cluster)).Exit);

        var (playwright, browser) = await LaunchAsync();
        using var __ = playwright;
        await using var ___ = browser;
        var page = await NewPageAsync(browser);
        await page.GotoAsync(web + "/sweeps/panda/trials/1");
        try
        {
            await page.Locator("#babysit").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = (float)TestTime.Scaled(TimeSpan.FromMinutes(1)).TotalMilliseconds });
        }
        catch (TimeoutException e)
        {
            using var http = new HttpClient();
            throw new TimeoutException($"{e.Message}\npage: {await page.InnerTextAsync("main")}\nsweeps: {await http.GetStringAsync(web + "/api/sweeps")}\nhost: {host.Output}", e);
        }
        await page.SelectOptionAsync("#set-name", "learning-rate");
        await page.FillAsync("#set-value", "0.0125");
        await page.ClickAsync("button[data-intervene=set]");
        await WaitUntilAsync(async () => (await page.TextContentAsync("#intervene-result") ?? "").Contains("learning-rate = 0.0125"), "the host took the set");

        JsonElement trial = default;
        await WaitUntilAsync(async () =>
        {
            trial = (await ShowAsync("panda")).GetProperty("trials").EnumerateArray().First(t => t.GetProperty("id").GetInt32() == 1);
            return trial.TryGetProperty("interventions", out var done) && done.GetArrayLength() > 0;
        }, "show --json lists the intervention");
        var intervention = trial.GetProperty("interventions")[0];
        Assert.Equal("set", intervention.GetProperty("action").GetString());
        Assert.Equal("learning-rate = 0.0125", intervention.GetProperty("detail").GetString());
        // The page shows it too, through its event stream.
        await WaitUntilAsync(async () => (await page.TextContentAsync("#interventions") ?? "").Contains("learning-rate = 0.0125"), "the trial page lists it");

        // Then, on the host's second slot: one external program whose standard error is the trial's log. (Submitted only
        // now: the babysat trial above lasts only 30 s, and a submission takes seconds on a busy machine.)
        _work.Write("chatty.py", Chatty);
        var chatty = _work.Sweep("chatty", """
              model = command
              command { args = ["python3", "chatty.py", "${epochs}"], timeout = 5m }
              metric = val_accuracy
              epochs = 200
              trials = 1
              concurrency = 1
              space { learning-rate { scale = log, min = 1e-3, max = 1e-1 } }
            """);
        var submitted = await ActorTuneProcess.RunAsync(_work.Directory, "submit", chatty, "--host", cluster);
        Assert.True(submitted.Exit == 0, submitted.Err);

        // The running program's log, on its trial's page, grows while it runs: through the event stream, no reload.
        await page.GotoAsync(web + "/sweeps/chatty/trials/1");
        async Task<int> LogLines() => int.Parse(await page.GetAttributeAsync("#log", "data-lines") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        await WaitUntilAsync(async () => await LogLines() >= 2, "the trial page shows the program's log");
        Assert.Equal("running", await page.TextContentAsync("#status"));
        await page.EvaluateAsync("() => { window.sameDocument = true; }");
        var lines = await LogLines();
        await WaitUntilAsync(async () => await LogLines() >= lines + 3, "the log grows");
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"), "the page was reloaded");
        var log = await page.TextContentAsync("#log") ?? "";
        Assert.Contains("chatty: epoch 1 of 200", log);
        Assert.Contains($"chatty: epoch {lines + 2} of 200", log);
        // Once sent, a line is not sent again: the later messages carry only what was added.
        Assert.True(int.Parse(await page.GetAttributeAsync("#live", "data-log") ?? "0", System.Globalization.CultureInfo.InvariantCulture) >= 2);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(log, "chatty: epoch 1 of"));

        host.Signal("TERM");
        Assert.Equal(0, await host.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Off_loopback_every_request_needs_the_token_and_cross_site_posts_are_refused()
    {
        var sweep = Sweep("small", trials: 2, epochs: 2, epochSeconds: 0);
        Assert.Equal(0, (await ActorTuneProcess.RunAsync(_work.Directory, "run", sweep)).Exit);

        var port = LoopbackPort.Free();
        var refused = await ActorTuneProcess.RunAsync(_work.Directory, "dashboard", "--http", $"0.0.0.0:{port}");
        Assert.Equal(2, refused.Exit);
        Assert.Contains("--http-token-env VAR is required", refused.Err);

        // The token travels in the environment (never on the command line, where ps shows it); the child inherits it.
        const string variable = "ACTORTUNE_DASHBOARD_TEST_TOKEN";
        Environment.SetEnvironmentVariable(variable, "s3cret-token");
        using var dashboard = ActorTuneProcess.Start(_work.Directory, "dashboard", "--http", $"0.0.0.0:{port}", "--http-token-env", variable);
        await dashboard.WaitForOutputAsync(o => o.Contains("token required"), Patience);
        var origin = $"http://127.0.0.1:{port}";
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(origin) };

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/sweeps")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/sweeps/small")).StatusCode);
        using (var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/sweeps") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "guess") } })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(wrong)).StatusCode);
        }
        using (var right = new HttpRequestMessage(HttpMethod.Get, "/api/sweeps") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "s3cret-token") } })
        {
            var answer = await http.SendAsync(right);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Contains("\"small\"", await answer.Content.ReadAsStringAsync());
        }
        // The login link sets a site-only cookie and drops the token from the address.
        var login = await http.GetAsync("/sweeps/small?token=s3cret-token");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/sweeps/small", login.Headers.Location?.OriginalString);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"));
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);

        // A cross-site POST carrying the cookie (what a forged form would send) is refused; from the page's own origin it
        // reaches the dashboard, which only reads its database.
        HttpRequestMessage Post(string from) => new(HttpMethod.Post, "/api/sweeps/small/pause")
        {
            Headers = { { "Cookie", cookie.Split(';')[0] }, { "Origin", from } },
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
        };
        using (var forged = Post("http://evil.example"))
        {
            var answer = await http.SendAsync(forged);
            Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
            Assert.Contains("cross-site", await answer.Content.ReadAsStringAsync());
        }
        using (var own = Post(origin))
        {
            var answer = await http.SendAsync(own);
            Assert.Equal(HttpStatusCode.MethodNotAllowed, answer.StatusCode);
            Assert.Contains("only reads", await answer.Content.ReadAsStringAsync());
        }
        Assert.Equal("completed", (await ShowAsync("small")).GetProperty("status").GetString());
        dashboard.Signal("TERM");
        Assert.Equal(0, await dashboard.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task On_loopback_without_a_token_only_loopback_host_names_are_answered()
    {
        var port = LoopbackPort.Free();
        using var dashboard = ActorTuneProcess.Start(_work.Directory, "dashboard", "--http", $"127.0.0.1:{port}");
        await dashboard.WaitForOutputAsync(o => o.Contains("dashboard on"), Patience);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/sweeps")).StatusCode);
        Assert.Contains("uPlot", await http.GetStringAsync("/static/vendor/uplot/uPlot.iife.min.js"));
        // A page on another site that points its own name at 127.0.0.1 (DNS rebinding) sends its name as Host.
        using var rebound = new HttpRequestMessage(HttpMethod.Get, "/api/sweeps") { Headers = { Host = "attacker.example" } };
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(rebound)).StatusCode);
        dashboard.Signal("TERM");
        Assert.Equal(0, await dashboard.WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
