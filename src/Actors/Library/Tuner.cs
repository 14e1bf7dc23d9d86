using ActorTune.Actors.Persistence;

namespace ActorTune;

/// <summary>
/// Tunes hyperparameters from your own code, on the same actor system, database and log as the <c>actortune</c>
/// command: a sweep run here is listed, shown, exported and reported by the command like any other, and resumes where
/// it stopped when the program runs again (killed or not).
/// </summary>
/// <example>
/// <code>
/// var tuner = Tuner.Open("tune.db");
/// var result = await tuner.RunAsync("quadratic", async (trial, ct) =&gt;
/// {
///     var x = trial.Float("x", -10, 10);
///     await trial.ReportAsync(1, (x - 2) * (x - 2), ct);
/// }, new TunerOptions { Trials = 30, Epochs = 1 });
/// Console.WriteLine($"best x = {result.BestParams["x"]}");
/// </code>
/// </example>
public sealed class Tuner
{
    private readonly DatabaseLocation _database;

    private Tuner(DatabaseLocation database)
    {
        _database = database;
    }

    /// <summary>The database sweeps are kept in, as the command shows it (a PostgreSQL password masked).</summary>
    public string Database => _database.Display;

    /// <summary>
    /// A tuner keeping its sweeps in <paramref name="database"/>: a SQLite file (created if missing; default
    /// <c>actortune.db</c>) or a <c>postgres://user:password@host:port/db</c> address.
    /// </summary>
    public static Tuner Open(string database = DatabaseLocation.DefaultFile) => new(DatabaseLocation.Parse(database));

    /// <summary>
    /// Runs sweep <paramref name="name"/> to its end with <paramref name="objective"/> training each trial, and returns its
    /// best trial. If the database already has the sweep it continues it: finished trials stay, interrupted ones resume from
    /// their checkpoints (<see cref="ITrial.Checkpoint"/>). Cancelling stops the trials between epochs and throws
    /// <see cref="OperationCanceledException"/>; the sweep stays resumable.
    /// </summary>
    /// <param name="name">Letters, digits, '-' and '_'; unique in the database.</param>
    /// <param name="objective">Trains one trial: asks for hyperparameters, reports each epoch, returns when done.</param>
    /// <param name="options">Budget, metric, strategy and concurrency; defaults as <see cref="TunerOptions"/> lists.</param>
    /// <param name="cancellationToken">Stops the sweep (resumable).</param>
    public async Task<TuningResult> RunAsync(string name, Func<ITrial, CancellationToken, Task> objective, TunerOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        options ??= new TunerOptions();
        await using var sweep = await LibrarySweep.StartAsync(_database, options.ToSpec(name), objective, options.Concurrency, cancellationToken);
        return TuningResult.From(await sweep.WaitAsync(cancellationToken));
    }

    /// <summary>
    /// As <see cref="RunAsync(string, Func{ITrial, CancellationToken, Task}, TunerOptions?, CancellationToken)"/>, for an
    /// objective that returns its trial's value (Optuna's <c>return loss</c>): the value is reported as the trial's last epoch.
    /// </summary>
    public Task<TuningResult> RunAsync(string name, Func<ITrial, CancellationToken, Task<double>> objective, TunerOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        return RunAsync(name, async (trial, token) =>
        {
            var value = await objective(trial, token);
            await trial.ReportAsync(int.MaxValue, value, token);
        }, options, cancellationToken);
    }

    /// <summary>Runs sweep <paramref name="name"/> with a new <typeparamref name="TObjective"/> for each trial (the type a sweep file can name).</summary>
    public Task<TuningResult> RunAsync<TObjective>(string name, TunerOptions? options = null, CancellationToken cancellationToken = default)
        where TObjective : IObjective, new() =>
        RunAsync(name, (trial, token) => new TObjective().RunAsync(trial, token), options, cancellationToken);

    /// <summary>
    /// Opens sweep <paramref name="name"/> for ask-and-tell: your loop asks for trials (<see cref="Study.AskAsync"/>) and
    /// tells their values (<see cref="Study.TellAsync(ITrial, double)"/>). Resumes the study when the database has it.
    /// Dispose it to stop (resumable).
    /// </summary>
    public async Task<Study> StudyAsync(string name, TunerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new TunerOptions();
        var study = new Study();
        study.Attach(await LibrarySweep.StartAsync(_database, options.ToSpec(name), study.RunTrialAsync, options.Concurrency, cancellationToken));
        return study;
    }
}
