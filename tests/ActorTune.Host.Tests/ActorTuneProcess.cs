using System.Diagnostics;
using System.Text;
using ActorTune.Tests.Shared;

namespace ActorTune.Host.Tests;

/// <summary>Runs the real executable (actortune.dll, built beside the tests) in a directory of its own.</summary>
internal sealed class ActorTuneProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _out = new();
    private readonly StringBuilder _err = new();

    private ActorTuneProcess(Process process)
    {
        _process = process;
    }

    public static string RepositoryRoot
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "ActorTune.sln")))
                {
                    return directory.FullName;
                }
            }
            throw new InvalidOperationException("ActorTune.sln not found above the test directory");
        }
    }

    public static string DigitsPath => Path.Combine(RepositoryRoot, "data", "digits.csv.gz");

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_out)
            {
                return _out.ToString();
            }
        }
    }

    public string Error
    {
        get
        {
            lock (_err)
            {
                return _err.ToString();
            }
        }
    }

    public static ActorTuneProcess Start(string workingDirectory, params string[] args) => StartWith(workingDirectory, null, args);

    /// <summary>Starts it with extra environment variables (COLUMNS, ACTORTUNE_LIVE).</summary>
    public static ActorTuneProcess StartWith(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        Launch(null, workingDirectory, environment, args);

    /// <summary>Starts the executable inside the Linux network namespace <paramref name="netns"/> (null: this one).</summary>
    public static ActorTuneProcess StartIn(string? netns, string workingDirectory, params string[] args) => Launch(netns, workingDirectory, null, args);

    /// <summary>Starts another program built beside the tests (the library example), the same way.</summary>
    public static ActorTuneProcess StartProgram(string dll, string workingDirectory, params string[] args) =>
        Launch(null, workingDirectory, null, args, dll);

    private static ActorTuneProcess Launch(string? netns, string workingDirectory, IReadOnlyDictionary<string, string>? environment, string[] args,
        string dll = "actortune.dll")
    {
        var info = new ProcessStartInfo(netns is null ? "dotnet" : "ip")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.Environment.Remove("COLUMNS"); // the test runner's terminal width must not leak into width tests
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }
        if (netns is not null)
        {
            foreach (var arg in new[] { "netns", "exec", netns, "dotnet" })
            {
                info.ArgumentList.Add(arg);
            }
        }
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, dll));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        var process = new Process { StartInfo = info };
        var wrapper = new ActorTuneProcess(process);
        process.OutputDataReceived += (_, e) => wrapper.Append(wrapper._out, e.Data);
        process.ErrorDataReceived += (_, e) => wrapper.Append(wrapper._err, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return wrapper;
    }

    public static Task<(int Exit, string Out, string Err)> RunAsync(string workingDirectory, params string[] args) =>
        RunWithAsync(workingDirectory, null, args);

    public static Task<(int Exit, string Out, string Err)> RunInAsync(string? netns, string workingDirectory, params string[] args) =>
        FinishAsync(StartIn(netns, workingDirectory, args));

    public static Task<(int Exit, string Out, string Err)> RunWithAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment,
        params string[] args) => FinishAsync(StartWith(workingDirectory, environment, args));

    private static async Task<(int Exit, string Out, string Err)> FinishAsync(ActorTuneProcess started)
    {
        using var process = started;
        var exit = await process.WaitAsync(TimeSpan.FromMinutes(3));
        return (exit, process.Output, process.Error);
    }

    /// <summary>Waits for the exit; <paramref name="timeout"/> is meant for a quiet machine and scaled (<see cref="TestTime"/>).</summary>
    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        timeout = TestTime.Scaled(timeout);
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"actortune did not exit within {timeout}: {Output}\n{Error}");
        }
        _process.WaitForExit(); // flushes the redirected streams
        return _process.ExitCode;
    }

    /// <summary>
    /// Waits until the standard output satisfies <paramref name="condition"/>; <paramref name="timeout"/> is meant for a
    /// quiet machine and scaled (<see cref="TestTime"/>).
    /// </summary>
    public async Task WaitForOutputAsync(Func<string, bool> condition, TimeSpan timeout)
    {
        timeout = TestTime.Scaled(timeout);
        var clock = Stopwatch.StartNew();
        while (!condition(Output))
        {
            if (_process.HasExited || clock.Elapsed > timeout)
            {
                throw new TimeoutException($"output never matched (exited: {_process.HasExited}):\n{Output}\n{Error}");
            }
            await Task.Delay(20);
        }
    }

    /// <summary>Types a line on the process's standard input.</summary>
    public void WriteLine(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    /// <summary>Sends a POSIX signal (INT, TERM, KILL) the way a user or the system would.</summary>
    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    private void Append(StringBuilder builder, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (builder)
        {
            builder.AppendLine(line);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }
}
