using System.Reflection;
using System.Runtime.Loader;

namespace ActorTune.Model.Training.Plugins;

/// <summary>
/// Loads a user's trainable assembly and its own dependencies (found through its .deps.json, or beside it) in a
/// context of its own, so they never clash with ActorTune's. Assemblies ActorTune already loaded — ActorTune.Model
/// above all, which defines <see cref="ITrainable"/> and <see cref="TrialContext"/> — are shared, so the plugin's
/// trainable is an <see cref="ITrainable"/> to ActorTune.
/// </summary>
internal sealed class PluginLoadContext : AssemblyLoadContext
{
    private readonly string _directory;
    private readonly AssemblyDependencyResolver? _resolver;

    public PluginLoadContext(string assemblyPath)
        : base($"actortune-plugin:{assemblyPath}")
    {
        _directory = Path.GetDirectoryName(assemblyPath)!;
        try
        {
            _resolver = new AssemblyDependencyResolver(assemblyPath);
        }
        catch (InvalidOperationException)
        {
            // No usable .deps.json: dependencies are looked for beside the assembly.
        }
    }

    protected override Assembly? Load(AssemblyName name)
    {
        if (name.Name == typeof(ITrainable).Assembly.GetName().Name || Default.Assemblies.Any(a => a.GetName().Name == name.Name))
        {
            return null;
        }
        var path = _resolver?.ResolveAssemblyToPath(name) ?? Path.Combine(_directory, name.Name + ".dll");
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
        _resolver?.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;
}
