using System.Collections.Concurrent;

namespace ActorTune.Model.Training.Objectives;

/// <summary>
/// The objectives of library sweeps running in this process, by sweep name. A delegate cannot cross an actor boundary
/// or be stored, so a library sweep's definition names its objective (<c>model = library</c>, option <c>objective</c>)
/// and the trial finds it here: only the process that runs the sweep from code can run its trials.
/// </summary>
public static class ObjectiveRegistry
{
    /// <summary>The model option naming the registered objective.</summary>
    public const string ObjectiveKey = "objective";

    private static readonly ConcurrentDictionary<string, Registration> Objectives = new(StringComparer.Ordinal);

    /// <summary>A registered objective and the token that interrupts its trials when its program stops the sweep.</summary>
    public sealed record Registration(Func<ITrial, CancellationToken, Task> Objective, CancellationToken Interrupt);

    /// <summary>Registers <paramref name="objective"/> under <paramref name="key"/>; disposing the result removes it.</summary>
    public static IDisposable Register(string key, Func<ITrial, CancellationToken, Task> objective, CancellationToken interrupt)
    {
        var registration = new Registration(objective, interrupt);
        if (!Objectives.TryAdd(key, registration))
        {
            throw new InvalidOperationException($"sweep '{key}' is already running in this process");
        }
        return new Removal(key, registration);
    }

    /// <summary>The objective registered under <paramref name="key"/>, or null.</summary>
    public static Registration? Find(string key) => Objectives.GetValueOrDefault(key);

    private sealed class Removal(string key, Registration registration) : IDisposable
    {
        public void Dispose() => Objectives.TryRemove(new KeyValuePair<string, Registration>(key, registration));
    }
}
