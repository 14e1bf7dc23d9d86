using System.Text.Json;
using ActorTune.Tests.Shared;

namespace ActorTune.Host.Tests;

/// <summary>The long-lived host through real processes: submit, list, cancel, a SIGKILL and a restart.</summary>
[Collection(ProcessesCollection.Name)]
public sealed class HostServiceTests : IDisposable
{
    private readonly Workspace _work = new();

    public void Dispose() => _work.Dispose();

    private static string FreeAddress() => $"127.0.0.1:{LoopbackPort.Free()}";

    private string Sweep(string name, int trials, int epochs, double epochSeconds) => _work.Sweep(name, $$"""
          model = synthetic
          synthetic { epoch-seconds = {{epochSeconds}} }
          epochs = {{epochs}}
          trials = {{trials}}
          concurrency = 2
          space {
            learning-rate { scale = log, min = 1e-4, max = 1 }
          }
        """);

    private ActorTuneProcess StartHost(string address) =>
        ActorTuneProcess.Start(_work.Directory, "host", "--port", address.Split(':')[1], "--slots", "2");

    private async Task<JsonElement> ShowAsync(string name)
    {
        var show = await ActorTuneProcess.RunAsync(_work.Directory, "show", name, "--json");
        return JsonDocument.Parse(show.Out).RootElement;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string failure)
    {
        timeout = TestTime.Scaled(timeout);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < timeout, $"{failure} within {timeout}");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task Two_sweeps_share_the_host_survive_a_sigkill_and_complete_after_a_restart()
    {
        var address = FreeAddress();
        // 6 trials of 5 s per sweep on 2 slots: ~30 s of work, so both are still running when the host is killed
        // (with 2 s trials, a loaded machine finished both before the kill and the restart had nothing to resume).
        var one = Sweep("one", trials: 6, epochs: 100, epochSeconds: 0.05);
        var two = Sweep("two", trials: 6, epochs: 100, epochSeconds: 0.05);
        using (var host = StartHost(address))
        {
            await host.WaitForOutputAsync(o => o.Contains("ActorTune host on"), TimeSpan.FromMinutes(1));
            Assert.Equal(0, (await ActorTuneProcess.RunAsync(_work.Directory, "submit", one, "--host", address)).Exit);
            var submitted = await ActorTuneProcess.RunAsync(_work.Directory, "submit", two, "--host", address);
            Assert.True(submitted.Exit == 0, submitted.Err);
            Assert.Contains("two submitted to", submitted.Out);
            var listed = await ActorTuneProcess.RunAsync(_work.Directory, "list", "--host", address);
            Assert.Contains("one", listed.Out);
            Assert.Contains("two", listed.Out);
            // Both make progress while running together: the slots go to each in turn.
            await host.WaitForOutputAsync(o => o.Contains("sweep one: trial") && o.Contains("sweep two: trial"), TimeSpan.FromMinutes(2));
            host.Signal("KILL");
            await host.WaitAsync(TimeSpan.FromSeconds(20));
        }
        var before = await ShowAsync("one");
        var doneBefore = before.GetProperty("trials").EnumerateArray().Where(t => t.GetProperty("status").GetString() == "completed")
            .Select(t => t.GetProperty("id").GetInt32()).ToHashSet();

        using (var host = StartHost(address))
        {
            await host.WaitForOutputAsync(o => o.Contains("sweep one completed") && o.Contains("sweep two completed"), TimeSpan.FromMinutes(4));
            Assert.Contains("resuming sweep one", host.Output);
            host.Signal("TERM");
            Assert.Equal(0, await host.WaitAsync(TimeSpan.FromSeconds(15)));
        }
        foreach (var name in new[] { "one", "two" })
        {
            var trials = (await ShowAsync(name)).GetProperty("trials").EnumerateArray().ToList();
            Assert.Equal(6, trials.Count);
            Assert.All(trials, t =>
            {
                Assert.Equal("completed", t.GetProperty("status").GetString());
                Assert.Equal(Enumerable.Range(1, 100), t.GetProperty("epochs").EnumerateArray().Select(e => e.GetProperty("epoch").GetInt32()));
            });
        }
        var after = (await ShowAsync("one")).GetProperty("trials").EnumerateArray();
        Assert.All(after.Where(t => doneBefore.Contains(t.GetProperty("id").GetInt32())), t => Assert.Equal(1, t.GetProperty("attempts").GetInt32()));
        Assert.True(Directory.GetFiles(_work.Directory, "actortune-host-*.log").Length == 1, "a rolling log file beside the database");
    }

    [Fact]
    public async Task Cancel_stops_a_sweep_and_its_trials_and_pause_and_continue_are_logged()
    {
        var address = FreeAddress();
        // 8 trials of 250 s: none can end on its own before the cancel, however slowly the clients start (with
        // 10 s trials, two completed on a loaded machine and the "every trial pruned" check failed).
        var slow = Sweep("slow", trials: 8, epochs: 5000, epochSeconds: 0.05);
        using var host = StartHost(address);
        await host.WaitForOutputAsync(o => o.Contains("ActorTune host on"), TimeSpan.FromMinutes(1));
        Assert.Equal(0, (await ActorTuneProcess.RunAsync(_work.Directory, "submit", slow, "--host", address)).Exit);
        await WaitUntilAsync(async () => (await ShowAsync("slow")).GetProperty("trials").EnumerateArray().Any(t => t.GetProperty("epochs").GetArrayLength() > 0),
            TimeSpan.FromMinutes(2), "no epoch of sweep slow was recorded");
        Assert.Equal(0, (await ActorTuneProcess.RunAsync(_work.Directory, "pause", "slow", "--host", address)).Exit);
        Assert.Equal(0, (await ActorTuneProcess.RunAsync(_work.Directory, "continue", "slow", "--host", address)).Exit);
        var cancel = await ActorTuneProcess.RunAsync(_work.Directory, "cancel", "slow", "--host", address);
        Assert.True(cancel.Exit == 0, cancel.Err);
        await host.WaitForOutputAsync(o => o.Contains("sweep slow cancelled"), TimeSpan.FromMinutes(1));
        Assert.Equal(1, (await ActorTuneProcess.RunAsync(_work.Directory, "cancel", "slow", "--host", address)).Exit); // it no longer runs
        var pauseCancelled = await ActorTuneProcess.RunAsync(_work.Directory, "pause", "slow", "--host", address);
        Assert.Equal(1, pauseCancelled.Exit);
        Assert.Contains("sweep slow is cancelled: it cannot pause", pauseCancelled.Err);

        var show = await ShowAsync("slow");
        Assert.Equal("cancelled", show.GetProperty("status").GetString());
        var trials = show.GetProperty("trials").EnumerateArray().ToList();
        Assert.All(trials, t => Assert.Equal("pruned", t.GetProperty("status").GetString()));
        Assert.All(trials, t => Assert.StartsWith("sweep cancelled by", t.GetProperty("reason").GetString()));
        host.Signal("TERM");
        Assert.Equal(0, await host.WaitAsync(TimeSpan.FromSeconds(15)));
        // With the host gone every event is in the journal: none may come after the cancellation (an epoch of a
        // trial that went on training after it was stopped).
        var events = SweepLog.Events(Path.Combine(_work.Directory, "actortune.db"), "slow");
        var cancelled = events.FindIndex(e => e is ActorTune.Model.Events.SweepCancelled);
        Assert.True(cancelled >= 0, "the journal holds the cancellation");
        Assert.DoesNotContain(events.Skip(cancelled), e => e is ActorTune.Model.Events.EpochReported);
    }

    [Fact]
    public async Task A_paused_sweep_is_not_counted_as_stopped_and_the_banner_names_the_log_file_written()
    {
        var address = FreeAddress();
        var slow = Sweep("idle", trials: 4, epochs: 200, epochSeconds: 0.05);
        using var host = StartHost(address);
        await host.WaitForOutputAsync(o => o.Contains("ActorTune host on"), TimeSpan.FromMinutes(1));
        // Serilog's daily file carries the date; the banner names that file, not the pattern it was given.
        var logFile = Path.Combine(_work.Directory, $"actortune-host-{DateTime.Now:yyyyMMdd}.log");
        Assert.Contains($"logs in {logFile} (a new file each day", host.Output);
        Assert.Equal(0, (await ActorTuneProcess.RunAsync(_work.Directory, "submit", slow, "--host", address)).Exit);
        var pause = await ActorTuneProcess.RunAsync(_work.Directory, "pause", "idle", "--host", address);
        Assert.True(pause.Exit == 0, pause.Err);
        host.Signal("TERM");
        Assert.Equal(0, await host.WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.Contains("host stopping: no sweep was running", host.Output);
        Assert.True(File.Exists(logFile), $"{logFile} is the file written");
    }

    [Fact]
    public async Task Submit_to_no_host_is_exit_1_and_a_bad_file_is_refused_before_any_host_is_dialled()
    {
        var address = FreeAddress();
        var good = Sweep("good", trials: 1, epochs: 1, epochSeconds: 0);
        var nohost = await ActorTuneProcess.RunAsync(_work.Directory, "submit", good, "--host", address);
        Assert.Equal(1, nohost.Exit);
        Assert.Contains($"no ActorTune host answers at {address}", nohost.Err);

        // Still no host at that address: a bad file must be refused by the client's own check (exit 2, the key),
        // not by a failed dial (exit 1). The host's own check of hand-made submissions is RemoteHostTests'.
        var bad = _work.Sweep("bad", "space { learning-rate { scale = log, min = 0, max = 1 } }");
        var refused = await ActorTuneProcess.RunAsync(_work.Directory, "submit", bad, "--host", address);
        Assert.Equal(2, refused.Exit);
        Assert.Contains("sweep.space.learning-rate.min", refused.Err);
        Assert.DoesNotContain("no ActorTune host answers", refused.Err);
    }
}
