using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ActorTune.Model.Training.Command;

/// <summary>
/// A trial run by an external program (<c>model = command</c>). The program is started on the first epoch with
/// its arguments (<see cref="CommandSettings"/>), prints one JSON object per epoch on standard output
/// (<see cref="EpochLine"/>), and <see cref="RunEpoch"/> returns epoch k's line as soon as it is printed, so the
/// sweep sees every epoch as it happens and can stop the trial between epochs: <see cref="Dispose"/> kills the
/// program's whole process tree. Standard error is the trial's <see cref="Log"/>. The trial fails (the sweep goes
/// on) when the program cannot start, prints a line that is not an epoch's metrics, exits before the last epoch
/// (with its exit code and the end of its standard error), or outlives the time limit. A program has no
/// checkpoint ActorTune can hold: a trial that is resumed runs it again from the start, and the epochs it had
/// already reported are read and passed over.
/// </summary>
public sealed class CommandTrainable : ITrainable, ITrainableLog
{
    /// <summary>Standard error kept per trial (its end, when longer).</summary>
    public const int LogLimit = 256 * 1024;

    private const int ReasonLimit = 300;
    private static readonly ConcurrentDictionary<Process, bool> Running = new();

    private readonly TrialContext _context;
    private readonly CommandSettings _settings;
    private readonly BlockingCollection<string?> _lines = new();
    private readonly StringBuilder _log = new();
    private readonly ManualResetEventSlim _logClosed = new();
    private readonly Stopwatch _clock = new();
    private Process? _process;
    private bool _logTruncated;
    private int _lineNumber;
    private int _lastEpoch;

    static CommandTrainable()
    {
        // Whatever way this process ends, no training program outlives it.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var process in Running.Keys)
            {
                KillTree(process);
            }
        };
    }

    public CommandTrainable(TrialContext context)
    {
        _context = context;
        _settings = CommandSettings.From(context.Model);
    }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return (_logTruncated ? "[earlier output dropped]\n" : "") + _log;
            }
        }
    }

    public IReadOnlyDictionary<string, double> RunEpoch(int epoch)
    {
        _process ??= Start();
        while (true)
        {
            var line = NextLine(epoch) ?? throw Ended(epoch);
            _lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            if (EpochLine.Parse(line, out var problem) is not { } parsed)
            {
                throw Fail($"line {_lineNumber} of its output is not an epoch's metrics ({problem}): {Shorten(line)}");
            }
            _lastEpoch = parsed.Epoch ?? _lastEpoch + 1;
            if (_lastEpoch == epoch)
            {
                return parsed.Metrics;
            }
            if (_lastEpoch > epoch)
            {
                throw Fail($"printed epoch {_lastEpoch} where epoch {epoch} was due");
            }
            // An earlier epoch: a resumed trial's program repeats the epochs its checkpoint already covers.
        }
    }

    public byte[] SaveCheckpoint() => [];

    public void LoadCheckpoint(byte[] state)
    {
    }

    public void Dispose()
    {
        if (_process is { } process)
        {
            KillTree(process);
            if (process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                // Standard error may still hold the last lines; a grandchild that kept it open is not waited for long.
                _logClosed.Wait(TimeSpan.FromSeconds(2));
            }
            Running.TryRemove(process, out _);
            process.Dispose();
        }
        // _lines and _logClosed stay undisposed: the process's reader threads may still deliver a last null to them.
    }

    private Process Start()
    {
        var args = _settings.Expand(_context);
        var program = args[0];
        if (_settings.WorkingDirectory is { } directory && program.Contains('/') && !Path.IsPathRooted(program))
        {
            program = Path.GetFullPath(Path.Combine(directory, program));
        }
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _settings.WorkingDirectory ?? "",
        };
        foreach (var arg in args.Skip(1))
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["ACTORTUNE_TRIAL"] = _context.TrialId.ToString(CultureInfo.InvariantCulture);
        info.Environment["ACTORTUNE_SEED"] = _context.Seed.ToString(CultureInfo.InvariantCulture);
        info.Environment["ACTORTUNE_EPOCHS"] = _context.Epochs.ToString(CultureInfo.InvariantCulture);
        info.Environment["ACTORTUNE_PARAMS"] = JsonSerializer.Serialize(_context.Config);
        // Python buffers a piped stdout in blocks; each epoch's line must arrive when it is printed.
        info.Environment["PYTHONUNBUFFERED"] = "1";
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => _lines.Add(e.Data);
        process.ErrorDataReceived += (_, e) => AppendLog(e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            // e.Message repeats the program and directory in a long sentence; the system's own error says it shorter.
            throw new CommandFailedException(
                $"could not start '{program}' in {Path.GetFullPath(info.WorkingDirectory)}: {new Win32Exception(e.NativeErrorCode).Message}");
        }
        _clock.Start();
        Running[process] = true;
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>The next line of standard output, or null once it has ended; fails the trial at the time limit.</summary>
    private string? NextLine(int epoch)
    {
        if (!_lines.TryTake(out var line, Remaining()))
        {
            throw Fail($"timed out after {_settings.TimeoutText} (waiting for epoch {epoch})");
        }
        return line;
    }

    private TimeSpan Remaining() => _settings.Timeout is { } timeout
        ? TimeSpan.FromMilliseconds(Math.Max(0, Math.Ceiling((timeout - _clock.Elapsed).TotalMilliseconds)))
        : Timeout.InfiniteTimeSpan;

    /// <summary>Standard output ended before the epoch was printed: why, from the exit code and standard error.</summary>
    private CommandFailedException Ended(int epoch)
    {
        var process = _process!;
        if (!process.WaitForExit(Remaining()))
        {
            return Fail($"timed out after {_settings.TimeoutText} (it closed its output but did not exit)");
        }
        _logClosed.Wait(TimeSpan.FromSeconds(2));
        return process.ExitCode != 0
            ? new CommandFailedException($"exited with code {process.ExitCode}{LogTail()}")
            : new CommandFailedException($"exited after {_lastEpoch} epochs without printing epoch {epoch} " +
                                         $"(the sweep runs {_context.Epochs}; pass ${{epochs}} to the program){LogTail()}");
    }

    private CommandFailedException Fail(string reason)
    {
        if (_process is { } process)
        {
            KillTree(process);
        }
        return new CommandFailedException(reason);
    }

    private static void KillTree(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // It exited meanwhile.
        }
    }

    private void AppendLog(string? line)
    {
        if (line is null)
        {
            _logClosed.Set();
            return;
        }
        lock (_log)
        {
            _log.Append(line).Append('\n');
            if (_log.Length > LogLimit)
            {
                _log.Remove(0, _log.Length - LogLimit);
                _logTruncated = true;
            }
        }
    }

    /// <summary>": " and the last lines of standard error, short enough for a trial's reason.</summary>
    private string LogTail()
    {
        var lines = Log.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(3).ToList();
        return lines.Count == 0 ? "" : ": " + Shorten(string.Join(" / ", lines));
    }

    private static string Shorten(string text) => text.Length <= ReasonLimit ? text : text[..ReasonLimit] + "…";
}
