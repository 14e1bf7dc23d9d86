using ActorTune.Actors.Persistence;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ActorTune.Host.Hosting;

/// <summary>
/// The Generic Host every command runs in: Akka.NET through Akka.Hosting, configured from hocon/actortune.hocon
/// and the database given with --db. Ctrl+C and SIGTERM stop the application (the console lifetime); commands
/// watch <see cref="Stopping"/> to stop their work cleanly.
/// </summary>
public sealed class ActorTuneHost : IAsyncDisposable
{
    private readonly IHost _host;

    private ActorTuneHost(IHost host)
    {
        _host = host;
    }

    public ActorSystem System => _host.Services.GetRequiredService<ActorSystem>();

    /// <summary>A logger of the host's logging (the long-lived host's sinks: console and rolling file).</summary>
    public ILogger Logger(string category) => _host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(category);

    /// <summary>Fires on Ctrl+C or SIGTERM.</summary>
    public CancellationToken Stopping => _host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;

    /// <param name="configure">Extra set-up of the Generic Host (the long-lived host adds its logging here).</param>
    /// <param name="logToHost">Route Akka's own log into the host's logging (structured, with the host's sinks).</param>
    /// <param name="tls">Mutual TLS for remoting (a cluster node given --tls-cert); its HOCON is in <paramref name="extraHocon"/>.</param>
    public static async Task<ActorTuneHost> StartAsync(DatabaseLocation database, int trialThreads = 0, string? extraHocon = null,
        Action<HostApplicationBuilder>? configure = null, bool logToHost = false, RemotingTls? tls = null)
    {
        database.Prepare();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
        });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services.AddSingleton<IHostLifetime, Microsoft.Extensions.Hosting.Internal.ConsoleLifetime>();
        var config = ActorTuneConfig.Build(database, trialThreads > 0 ? trialThreads : Environment.ProcessorCount, extraHocon);
        configure?.Invoke(builder);
        builder.Services.AddAkka(ActorTuneConfig.SystemName, (akka, _) =>
        {
            akka.AddHocon(config, HoconAddMode.Replace);
            if (tls is not null)
            {
                akka.AddSetup(tls.Setup());
            }
            if (logToHost)
            {
                akka.ConfigureLoggers(loggers =>
                {
                    loggers.LogLevel = Akka.Event.LogLevel.InfoLevel;
                    loggers.ClearLoggers();
                    loggers.AddLoggerFactory();
                });
            }
        });
        var host = builder.Build();
        await host.StartAsync();
        return new ActorTuneHost(host);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _host.StopAsync(timeout.Token);
        _host.Dispose();
    }
}
