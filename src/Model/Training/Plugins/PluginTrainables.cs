using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;
using ActorTune.Model.Space;
using ActorTune.Model.Sweep;
using ActorTune.Model.Training.Objectives;

namespace ActorTune.Model.Training.Plugins;

/// <summary>
/// A user's own trainable: <c>model = "MyLib.MyTrainer, MyLib"</c> with <c>assembly = "path/to/MyLib.dll"</c>.
/// The type must implement <see cref="ITrainable"/> and have a public constructor taking a
/// <see cref="TrialContext"/>; it is built once per trial, on the trial's thread. Each assembly file is loaded
/// once per process, in its own <see cref="PluginLoadContext"/>.
/// </summary>
public static class PluginTrainables
{
    /// <summary>The model option holding the assembly's full path (resolved by the sweep-file loader).</summary>
    public const string AssemblyKey = "assembly";

    private static readonly ConcurrentDictionary<string, Lazy<Assembly>> Assemblies = new(StringComparer.Ordinal);

    /// <summary>A model named by a .NET type ("Namespace.Type" or "Namespace.Type, Assembly"), or given an assembly.</summary>
    public static bool IsPlugin(ComponentSpec model) =>
        model.Options.ContainsKey(AssemblyKey) || model.Type.Contains('.') || model.Type.Contains(',');

    public static ITrainable Create(TrialContext context, SearchSpace space)
    {
        var constructor = Resolve(context.Model, out var problem) ?? throw new ArgumentException(problem?.Message);
        try
        {
            if (typeof(IObjective).IsAssignableFrom(constructor.DeclaringType))
            {
                // A new objective per trial, run through the same bridge as an objective given in code.
                return new ObjectiveTrainable(context, space, (trial, token) => ((IObjective)constructor.Invoke([])).RunAsync(trial, token), CancellationToken.None);
            }
            return (ITrainable)constructor.Invoke([context]);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }

    public static IEnumerable<SpecError> Validate(ComponentSpec model)
    {
        if (Resolve(model, out var problem) is null)
        {
            yield return problem!;
        }
    }

    /// <summary>The trainable's constructor, or null with what is wrong (under the sweep-file key to blame).</summary>
    private static ConstructorInfo? Resolve(ComponentSpec model, out SpecError? problem)
    {
        if (model.Text(AssemblyKey) is not { } path)
        {
            problem = new SpecError("sweep.assembly", $"missing: a .NET trainable needs its assembly, e.g. assembly = \"bin/MyLib.dll\" (model = \"{model.Type}\")");
            return null;
        }
        if (!File.Exists(path))
        {
            problem = new SpecError("sweep.assembly", $"not found: {path}");
            return null;
        }
        var parts = model.Type.Split(',', 2, StringSplitOptions.TrimEntries);
        var typeName = parts[0];
        try
        {
            var assembly = Assemblies.GetOrAdd(path, p => new Lazy<Assembly>(() => new PluginLoadContext(p).LoadFromAssemblyPath(p))).Value;
            if (parts.Length == 2 && !string.Equals(assembly.GetName().Name, parts[1], StringComparison.OrdinalIgnoreCase))
            {
                problem = new SpecError("sweep.model", $"names assembly '{parts[1]}', but {path} is assembly '{assembly.GetName().Name}'");
                return null;
            }
            var type = assembly.GetType(typeName, throwOnError: false);
            if (type is null || !type.IsPublic)
            {
                problem = new SpecError("sweep.model", $"no public type '{typeName}' in {path}");
                return null;
            }
            var objective = typeof(IObjective).IsAssignableFrom(type);
            if (!(typeof(ITrainable).IsAssignableFrom(type) || objective) || type.IsAbstract)
            {
                problem = new SpecError("sweep.model", $"'{typeName}' is not a class implementing {typeof(ITrainable).FullName} or {typeof(IObjective).FullName}");
                return null;
            }
            var constructor = objective ? type.GetConstructor(Type.EmptyTypes) : type.GetConstructor([typeof(TrialContext)]);
            problem = constructor is null
                ? new SpecError("sweep.model", objective
                    ? $"'{typeName}' needs a public parameterless constructor"
                    : $"'{typeName}' needs a public constructor taking a {typeof(TrialContext).FullName}")
                : null;
            return constructor;
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException or TypeLoadException or ReflectionTypeLoadException)
        {
            problem = new SpecError("sweep.assembly", $"{path} cannot be loaded: {e.Message}");
            return null;
        }
    }
}
