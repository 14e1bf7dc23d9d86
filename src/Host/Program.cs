using System.CommandLine;
using ActorTune.Host.Commands;
using ActorTune.Host.Configuration;
using ActorTune.Host.Hosting;
using ActorTune.Host.Output;
using ActorTune.Model.Data;
using ActorTune.Model.Sweep;
using Spectre.Console;

if (Console.IsOutputRedirected)
{
    // A file or pipe has no width of its own: draw for COLUMNS when the caller set it, else for 80 columns.
    AnsiConsole.Profile.Width = TextFit.RedirectedWidth(Environment.GetEnvironmentVariable("COLUMNS"));
}

ProgressView.Forced = Environment.GetEnvironmentVariable("ACTORTUNE_LIVE") switch { "1" => true, "0" => false, _ => null };
if (ProgressView.Forced == true)
{
    AnsiConsole.Profile.Capabilities.Interactive = true;
    AnsiConsole.Profile.Capabilities.Ansi = true;
}

var db = new Option<string?>("--db") { Description = "the sweep database: a SQLite file (default actortune.db) or postgres://user:pass@host:port/db" };

var clusterFlag = new Option<bool>("--cluster") { Description = "run as a cluster coordinator that workers join (and that runs trials too)" };
var port = new Option<int?>("--port") { Description = $"cluster port (coordinator default {ClusterOptions.DefaultPort}; worker default: any free one)" };
var bind = new Option<string>("--bind") { Description = "address remoting listens on (0.0.0.0: every interface)", DefaultValueFactory = _ => ClusterOptions.DefaultBind };
var publicHostname = new Option<string?>("--public-hostname") { Description = "the name or address other nodes dial to reach this one (default: the --bind address; needed with 0.0.0.0, behind NAT or in a container)" };
var tlsCert = new Option<string?>("--tls-cert") { Description = "mutual TLS: this node's certificate and key, with the CA it trusts, as a .pfx; peers without a certificate from that CA are refused" };
var tlsPasswordEnv = new Option<string?>("--tls-password-env") { Description = "the environment variable holding the .pfx password (never on the command line)" };
var seeds = new Option<string[]>("--seed") { Description = "HOST:PORT of a coordinator to join (a worker's, or a standby coordinator's)", AllowMultipleArgumentsPerToken = true };
var slots = new Option<int?>("--slots") { Description = "trial slots on this node (coordinator default: the sweep's concurrency; worker: processor count)" };

RemotingTls? TlsOf(ParseResult parse) => RemotingTls.Load(parse.GetValue(tlsCert), parse.GetValue(tlsPasswordEnv));

ClusterOptions ClusterOptionsOf(ParseResult parse, int? portOption, int defaultPort, bool withSeeds = true) =>
    new ClusterOptions(parse.GetValue(bind)!, parse.GetValue(publicHostname), (portOption ?? defaultPort),
        withSeeds ? (parse.GetValue(seeds) ?? []).Select(ClusterOptions.ParseSeed).ToList() : [], parse.GetValue(slots), TlsOf(parse)).Checked();

var minWorkers = new Option<int>("--min-workers") { Description = "with --cluster: start the sweep only once N workers have joined (default 0: at once)" };
var file = new Argument<string>("file") { Description = "the sweep file (HOCON)" };
var run = new Command("run", "run a sweep to the end") { file, db, clusterFlag, port, bind, publicHostname, seeds, slots, tlsCert, tlsPasswordEnv, minWorkers };
run.SetAction(parse => Guard(() => parse.GetValue(clusterFlag)
    ? ClusterRunCommand.RunAsync(parse.GetValue(file)!, parse.GetValue(db), ClusterOptionsOf(parse, parse.GetValue(port), ClusterOptions.DefaultPort), parse.GetValue(minWorkers))
    : parse.GetValue(minWorkers) != 0
        ? throw new ArgumentException("--min-workers is for run --cluster (a coordinator that workers join)")
        : RunCommand.RunAsync(parse.GetValue(file)!, parse.GetValue(db))));

var worker = new Command("worker", "join a cluster and run trials for its sweeps") { port, bind, publicHostname, seeds, slots, tlsCert, tlsPasswordEnv };
worker.SetAction(parse =>
{
    if ((parse.GetValue(seeds) ?? []).Length == 0)
    {
        Console.Error.WriteLine("actortune: worker needs --seed HOST:PORT (a coordinator: `actortune run FILE --cluster`)");
        return Task.FromResult(ExitCodes.BadInput);
    }
    return Guard(() => WorkerCommand.RunAsync(ClusterOptionsOf(parse, parse.GetValue(port), 0)));
});

var babysitFile = new Argument<string>("file") { Description = "the sweep file (HOCON)" };
var babysit = new Command("babysit", "one trial at a time, watched: pause, resume, set a hyperparameter, roll back, stop (the seed's \"panda\")")
{
    babysitFile, db,
};
babysit.SetAction(parse => Guard(() => BabysitCommand.RunAsync(parse.GetValue(babysitFile)!, parse.GetValue(db))));

var resumeName = new Argument<string>("name") { Description = "the sweep's name" };
var resume = new Command("resume", "continue an interrupted sweep from where its log ends") { resumeName, db };
resume.SetAction(parse => Guard(() => RunCommand.ResumeAsync(parse.GetValue(resumeName)!, parse.GetValue(db))));

var hostAddress = new Option<string?>("--host") { Description = "ask a running `actortune host` (HOST:PORT) instead of reading the database" };
var list = new Command("list", "the sweeps in the database, with status, trials done and best value") { db, hostAddress, tlsCert, tlsPasswordEnv };
list.SetAction(parse => Guard(() => parse.GetValue(hostAddress) is { } address
    ? HostClientCommands.ListAsync(address, TlsOf(parse))
    : Task.FromResult(ShowCommand.List(parse.GetValue(db)))));

var showName = new Argument<string>("name") { Description = "the sweep's name" };
var json = new Option<bool>("--json") { Description = "print one JSON object (trials with every epoch)" };
var log = new Option<int?>("--log") { Description = "print the log (standard error) of trial N of a model = command sweep" };
var show = new Command("show", "the sweep's trials, best first") { showName, db, json, log, hostAddress, tlsCert, tlsPasswordEnv };
show.SetAction(parse => Guard(() => parse.GetValue(hostAddress) is { } address && parse.GetValue(log) is null
    ? HostClientCommands.ShowAsync(parse.GetValue(showName)!, parse.GetValue(json), address, TlsOf(parse))
    : ShowCommand.ShowAsync(parse.GetValue(showName)!, parse.GetValue(db), parse.GetValue(json), parse.GetValue(log))));

var serviceAddress = new Option<string>("--host") { Description = "the running host, HOST:PORT", DefaultValueFactory = _ => HostClient.DefaultAddress };
var submitFile = new Argument<string>("file") { Description = "the sweep file (HOCON); checked here, before anything is sent" };
var submit = new Command("submit", "hand a sweep to a running `actortune host` and return at once") { submitFile, serviceAddress, tlsCert, tlsPasswordEnv };
submit.SetAction(parse => Guard(() => HostClientCommands.SubmitAsync(parse.GetValue(submitFile)!, parse.GetValue(serviceAddress)!, TlsOf(parse))));

Command Control(string action, string description)
{
    var name = new Argument<string>("name") { Description = "the sweep's name" };
    var command = new Command(action, description) { name, serviceAddress, tlsCert, tlsPasswordEnv };
    command.SetAction(parse => Guard(() => HostClientCommands.ControlAsync(parse.GetValue(name)!, action, parse.GetValue(serviceAddress)!, TlsOf(parse))));
    return command;
}

var http = new Option<string?>("--http") { Description = "serve the web dashboard with its controls on ADDR:PORT (for example 127.0.0.1:8040)" };
var httpTokenEnv = new Option<string?>("--http-token-env") { Description = "the environment variable holding the dashboard's token (required when --http is not loopback)" };
var dashboardHttp = new Option<string>("--http") { Description = "ADDR:PORT to serve on; loopback by default", DefaultValueFactory = _ => ActorTune.Host.Dashboard.HttpEndpoint.Default };
var dashboard = new Command("dashboard", "the web dashboard over a database (read-only): sweeps, trials, live learning curves") { db, dashboardHttp, httpTokenEnv };
dashboard.SetAction(parse => Guard(() => DashboardCommand.RunAsync(parse.GetValue(db), parse.GetValue(dashboardHttp)!, parse.GetValue(httpTokenEnv))));

var hostPort = new Option<int?>("--port") { Description = $"port the host listens on (default {ClusterOptions.DefaultPort})" };
var allowCommands = new Option<bool>("--allow-commands") { Description = "let submitted sweeps run model = command programs and plugin assemblies on this host and its workers (off: refused)" };
var service = new Command("host", "the long-lived host: resumes unfinished sweeps, takes submissions, workers may join")
{
    db, hostPort, bind, publicHostname, slots, tlsCert, tlsPasswordEnv, allowCommands, http, httpTokenEnv,
};
service.SetAction(parse => Guard(() => HostCommand.RunAsync(parse.GetValue(db),
    ClusterOptionsOf(parse, parse.GetValue(hostPort), ClusterOptions.DefaultPort, withSeeds: false), parse.GetValue(allowCommands),
    parse.GetValue(http), parse.GetValue(httpTokenEnv))));

var reportName = new Argument<string>("name") { Description = "the sweep's name" };
var reportOut = new Option<string?>("--out") { Description = "the directory for the PNGs and index.html (default reports/NAME)" };
var report = new Command("report", "plots (PNG) and one HTML page for a sweep") { reportName, db, reportOut };
report.SetAction(parse => Guard(() => ReportCommand.RunAsync(parse.GetValue(reportName)!, parse.GetValue(reportOut), parse.GetValue(db))));

var exportName = new Argument<string>("name") { Description = "the sweep's name" };
var exportFormat = new Option<string?>("--format") { Description = "csv or json (needed unless --best-model)" };
exportFormat.AcceptOnlyFromAmong(ExportCommand.Formats);
var exportEpochs = new Option<bool>("--epochs") { Description = "one row per epoch (trial, epoch, every metric, seconds, params) instead of one per trial" };
var exportOut = new Option<string?>("--out") { Description = "the file to write (default: standard output)" };
var exportBestModel = new Option<bool>("--best-model") { Description = "the best trial's model (its checkpoint nearest its best epoch) as a file for `predict`; needs --out" };
var export = new Command("export", "the trials (or, with --epochs, every epoch) as CSV or JSON; with --best-model, the best model")
{
    exportName, db, exportFormat, exportEpochs, exportOut, exportBestModel,
};
export.SetAction(parse => Guard(() => parse.GetValue(exportBestModel)
    ? parse.GetValue(exportFormat) is not null || parse.GetValue(exportEpochs)
        ? throw new ArgumentException("--best-model writes a model file: it takes no --format or --epochs")
        : BestModelCommand.RunAsync(parse.GetValue(exportName)!, parse.GetValue(exportOut)
            ?? throw new ArgumentException("--best-model needs --out FILE (the model file to write)"), parse.GetValue(db))
    : ExportCommand.RunAsync(parse.GetValue(exportName)!, parse.GetValue(exportFormat)
        ?? throw new ArgumentException("--format csv|json is required (or --best-model --out FILE)"), parse.GetValue(exportEpochs),
        parse.GetValue(exportOut), parse.GetValue(db))));

var predictModel = new Argument<string>("model") { Description = "a model file from `export NAME --best-model --out FILE`" };
var predictData = new Option<string>("--data") { Description = "the CSV (or CSV.gz) to predict, read with the sweep's options; with labels, the accuracy is printed", Required = true };
var predictOut = new Option<string?>("--out") { Description = "the CSV of predictions to write (default: standard output)" };
var predict = new Command("predict", "predictions of an exported MLP model for the rows of a CSV") { predictModel, predictData, predictOut };
predict.SetAction(parse => Guard(() => PredictCommand.RunAsync(parse.GetValue(predictModel)!, parse.GetValue(predictData)!, parse.GetValue(predictOut))));

var layers = new Option<int>("--layers") { Description = "hidden layers", DefaultValueFactory = _ => 2 };
var hidden = new Option<int>("--hidden-units") { Description = "units per hidden layer", DefaultValueFactory = _ => 128 };
var batch = new Option<int>("--batch-size") { Description = "mini-batch size", DefaultValueFactory = _ => 64 };
var epochs = new Option<int>("--epochs") { Description = "epochs", DefaultValueFactory = _ => 20 };
var lr = new Option<double>("--learning-rate") { Description = "Adam's learning rate", DefaultValueFactory = _ => 1e-3 };
var data = new Option<string>("--data") { Description = "CSV data set", DefaultValueFactory = _ => DefaultData.RelativePath };
var seed = new Option<int>("--seed") { Description = "initialisation and shuffle seed", DefaultValueFactory = _ => 1 };
var benchJson = new Option<bool>("--json") { Description = "print {samples_per_second, seconds_per_epoch, val_accuracy}" };
var trainer = new Command("trainer", "train one MLP on the default data and report samples/s (training only)")
{
    layers, hidden, batch, epochs, lr, data, seed, benchJson,
};
trainer.SetAction(parse => Guard(() => Task.FromResult(BenchTrainerCommand.Run(new BenchTrainerCommand.Options(
    parse.GetValue(layers), parse.GetValue(hidden), parse.GetValue(batch), parse.GetValue(epochs), parse.GetValue(lr),
    parse.GetValue(data)!, parse.GetValue(seed), parse.GetValue(benchJson))))));
var problems = new Option<string[]>("--problems") { Description = "sweep files, or directories of them", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => ["bench/search/problems"] };
var benchSeeds = new Option<int>("--seeds") { Description = "searches per problem and strategy (sweep seeds 1..N)", DefaultValueFactory = _ => 20 };
var strategies = new Option<string[]>("--strategies") { Description = "strategies to compare: a name, or name:option=value,… (tpe:gamma=0.1)", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => [.. BenchSearchCommand.DefaultStrategies] };
var parallel = new Option<int>("--parallel") { Description = "searches at once", DefaultValueFactory = _ => 1 };
var searchJson = new Option<bool>("--json") { Description = "print every best value and each synthetic problem's formula as JSON" };
var search = new Command("search", "search quality at equal budget: each strategy's best value over seeds, per problem")
{
    problems, benchSeeds, strategies, parallel, searchJson,
};
search.SetAction(parse => Guard(() => Task.FromResult(BenchSearchCommand.Run(new BenchSearchCommand.Options(
    parse.GetValue(problems)!, parse.GetValue(benchSeeds), parse.GetValue(strategies)!, Math.Max(1, parse.GetValue(parallel)), parse.GetValue(searchJson))))));
var soakSweeps = new Option<int>("--sweeps") { Description = "sweeps to run one after another", DefaultValueFactory = _ => 300 };
var soakTrials = new Option<int>("--trials") { Description = "trials per sweep", DefaultValueFactory = _ => 4 };
var soakEpochs = new Option<int>("--epochs") { Description = "epochs per trial", DefaultValueFactory = _ => 3 };
var soak = new Command("soak", "run small sweeps through one `actortune host` and report its memory and handles") { soakSweeps, soakTrials, soakEpochs };
soak.SetAction(parse => Guard(() => BenchSoakCommand.RunAsync(parse.GetValue(soakSweeps), parse.GetValue(soakTrials), parse.GetValue(soakEpochs))));
var bench = new Command("bench", "benchmarks") { trainer, search, soak };

var root = new RootCommand("ActorTune: hyperparameter sweeps on Akka.NET — grid, random, coarse to fine; every epoch persisted")
{
    run, resume, list, show, babysit, service, submit,
    Control("pause", "pause a sweep on a running host: its trials stop after their current epoch"),
    Control("continue", "continue a paused sweep on a running host"),
    Control("cancel", "cancel a sweep on a running host for good"),
    worker, report, export, predict, dashboard, bench,
};

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
    {
        Console.Error.WriteLine($"actortune: {error.Message}");
    }
    Console.Error.WriteLine("see `actortune --help`");
    return ExitCodes.BadInput;
}
return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });

// Bad input of any kind is reported on one line per problem with exit code 2; nothing has run yet.
static async Task<int> Guard(Func<Task<int>> action)
{
    try
    {
        return await action();
    }
    catch (InvalidSweepException e)
    {
        Console.Error.WriteLine(e.Message);
        return ExitCodes.BadInput;
    }
    catch (DataFormatException e)
    {
        Console.Error.WriteLine(e.Message);
        return ExitCodes.BadInput;
    }
    catch (ArgumentException e) when (e.Message.StartsWith("--", StringComparison.Ordinal))
    {
        Console.Error.WriteLine($"actortune: {e.Message}");
        return ExitCodes.BadInput;
    }
}
