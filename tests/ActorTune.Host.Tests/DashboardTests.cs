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

    private async Task<(ActorTuneProcess Host, string Web, string Cluster)> StartHostAsync()
    {
        var cluster = $"127.0.0.1:{LoopbackPort.Free()}";
        var web = $"127.0.0.1:{LoopbackPort.Free()}";
        var host = ActorTuneProcess.Start(_work.Directory, "host", "--port", cluster.Split(':')[1], "--slots", "2", "--http", web);
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

    private static async Task<int> PointsAsync(IPage page) =>
        int.Parse(await page.GetAttributeAsync("#curves", "data-points") ?? "0", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > Patience)
            {
                throw new TimeoutException($"never happened: {what}");
            }
            await Task.Delay(100);
        }
    }

    [SkippableFact]
    public async Task A_running_sweeps_curves_grow_without_a_reload_and_the_page_pauses_it()
    {
        Skip.IfNot(File.Exists(Chromium), $"{Chromium} is missing (apt-get install chromium): the browser tests need it");
        var (host, web, cluster) = await StartHostAsync();
        using var _ = host;
        var file = Sweep("live", trials: 6, epochs: 200, epochSeconds: 0.1);
        var submitted = await ActorTuneProcess.RunAsync(_work.Directory, "submit", file, "--host", cluster);
        Assert.True(submitted.Exit == 0, submitted.Err);

        var (playwright, browser) = await LaunchAsync();
        using var __ = playwright;
        await using var ___ = browser;
        var page = await browser.NewPageAsync();
        await page.GotoAsync(web + "/sweeps/live");
        await WaitUntilAsync(async () => await PointsAsync(page) > 0, "the learning curves show points");
        // A marker the page would lose on any reload: the points below must arrive through the event stream.
        await page.EvaluateAsync("() => { window.sameDocument = true; }");
        var before = await PointsAsync(page);
        await WaitUntilAsync(async () => await PointsAsync(page) >= before + 4, "the curves grow");
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"), "the page was reloaded");
        Assert.True(await page.Locator("#curves canvas").CountAsync() > 0, "the curves are drawn by the chart library");
        Assert.Contains("live", await page.TextContentAsync("#name") ?? "");

        await page.ClickAsync("button[data-action=pause]");
        await WaitUntilAsync(async () => (await page.TextContentAsync("#status")) == "paused", "the page shows the sweep paused");
        Assert.Contains("paused", await page.TextContentAsync("#control-result") ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.Equal("paused", (await ShowAsync("live")).GetProperty("status").GetString());
        await host.WaitForOutputAsync(o => o.Contains("sweep live: pause asked by dashboard"), Patience);

        host.Signal("TERM");
        Assert.Equal(0, await host.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [SkippableFact]
    public async Task A_babysat_trials_learning_rate_is_set_from_its_page_and_the_event_is_in_show()
    {
        Skip.IfNot(File.Exists(Chromium), $"{Chromium} is missing (apt-get install chromium): the browser tests need it");
        var (host, web, cluster) = await StartHostAsync();
        using var _ = host;
        // One trial (the babysitter acts on the one running trial) and a scheduler that never prunes (grace = the last epoch): the trial waits for a
        // word after each epoch, so the babysitter's set takes effect at the next one.
        var file = Sweep("panda", trials: 1, epochs: 300, epochSeconds: 0.1, concurrency: 1, scheduler: "median, grace = 300");
        Assert.Equal(0, (await ActorTuneProcess.RunAsync(_work.Directory, "submit", file, "--host", cluster)).Exit);

        var (playwright, browser) = await LaunchAsync();
        using var __ = playwright;
        await using var ___ = browser;
        var page = await browser.NewPageAsync();
        await page.GotoAsync(web + "/sweeps/panda/trials/1");
        await page.Locator("#babysit").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = 60_000 });
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
