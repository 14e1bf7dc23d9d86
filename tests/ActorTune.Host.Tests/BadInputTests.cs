namespace ActorTune.Host.Tests;

/// <summary>Every bad input of DESIGN §2 is refused before anything runs: exit 2, the file and the key (or line) named.</summary>
[Collection(ProcessesCollection.Name)]
public sealed class BadInputTests : IDisposable
{
    private readonly Workspace _work = new();

    public void Dispose() => _work.Dispose();

    private string Body(string space, string extra = "", string? data = null) => $$"""
          data {
            path = "{{data ?? ActorTuneProcess.DigitsPath}}"
          }
          epochs = 2
          trials = 2
          {{extra}}
          space {
            {{space}}
          }
        """;

    public static TheoryData<string, string, string> Cases => new()
    {
        { "min-gt-max", "learning-rate { scale = log, min = 1, max = 0.1 }", "sweep.space.learning-rate: min > max" },
        { "log-min", "learning-rate { scale = log, min = 0, max = 0.1 }", "sweep.space.learning-rate.min" },
        { "one-minus-log-max", "beta1 { scale = one-minus-log, min = 0.9, max = 1 }", "sweep.space.beta1.max" },
        { "unknown-scale", "learning-rate { scale = logarithmic, min = 0.001, max = 0.1 }", "sweep.space.learning-rate.scale" },
        { "unknown-parameter", "learning-rat { scale = log, min = 0.001, max = 0.1 }", "sweep.space.learning-rat" },
        { "bad-optimizer", "optimizer = adamw", "unknown optimizer 'adamw'" },
        { "missing-max", "learning-rate { scale = log, min = 0.001 }", "sweep.space.learning-rate: a log range needs min and max" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_bad_space_is_refused_with_its_key(string name, string space, string expected)
    {
        var file = _work.Sweep(name, Body(space));
        var (exit, _, err) = await ActorTuneProcess.RunAsync(_work.Directory, "run", file);
        Assert.Equal(2, exit);
        Assert.Contains(file, err);
        Assert.Contains(expected, err);
        Assert.False(File.Exists(Path.Combine(_work.Directory, "actortune.db")), "nothing may run, not even the database");
    }

    [Theory]
    [InlineData("strategy { type = annealing }", "sweep.strategy.type: unknown strategy 'annealing'")]
    [InlineData("scheduler { type = magic }", "sweep.scheduler.type: unknown scheduler 'magic'")]
    [InlineData("metric = val_f1", "sweep.metric: unknown metric 'val_f1'")]
    [InlineData("goal = up", "sweep.goal")]
    [InlineData("epochs = many", "sweep.epochs: 'many' is not an integer")]
    [InlineData("trials = 0", "sweep.trials")]
    [InlineData("epoch = 3", "sweep.epoch: unknown key (did you mean 'epochs'?)")]
    [InlineData("time-budget = soon", "sweep.time-budget: 'soon' is not a duration")]
    [InlineData("time-budget = 0s", "sweep.time-budget")]
    public async Task Bad_top_level_keys_are_refused_with_their_key(string extra, string expected)
    {
        var file = _work.Sweep("top", Body("learning-rate { scale = log, min = 0.001, max = 0.1 }", extra.Replace("epochs = many", "epochs = many")));
        var (exit, _, err) = await ActorTuneProcess.RunAsync(_work.Directory, "run", file);
        Assert.Equal(2, exit);
        Assert.Contains(expected, err);
    }

    [Fact]
    public async Task Every_problem_of_a_file_is_reported_at_once_one_line_each()
    {
        var space = """
            learning-rate { scale = log, min = 1, max = 0.1 }
            beta1 { scale = one-minus-log, min = 0.9, max = 1 }
            layers { scale = lgo, min = 1, max = 3 }
            hiden-units { scale = int, min = 16, max = 64 }
            """;
        var file = _work.Sweep("many", Body(space, "epoch = 3"));
        var (exit, _, err) = await ActorTuneProcess.RunAsync(_work.Directory, "run", file);
        Assert.Equal(2, exit);
        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith(file + ": ", StringComparison.Ordinal)).Select(l => l[(file.Length + 2)..]).ToList();
        Assert.Contains(lines, l => l.StartsWith("sweep.epoch: unknown key (did you mean 'epochs'?)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("sweep.space.learning-rate: min > max", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("sweep.space.beta1.max: one-minus-log needs max < 1", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("sweep.space.layers.scale: unknown scale 'lgo'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("sweep.space.hiden-units:", StringComparison.Ordinal) && l.Contains("did you mean 'hidden-units'?"));
        Assert.Equal(5, lines.Count);
    }

    [Fact]
    public async Task A_missing_data_file_is_refused()
    {
        var file = _work.Sweep("nodata", Body("learning-rate = 0.01", data: "no/such/file.csv"));
        var (exit, _, err) = await ActorTuneProcess.RunAsync(_work.Directory, "run", file);
        Assert.Equal(2, exit);
        Assert.Contains("sweep.data.path: data file not found", err);
    }

    [Theory]
    [InlineData("1,2,0\n3,4,1\n5,6\n", "line 3: 2 columns, expected 3")]
    [InlineData("a,b,label\n1,x,0\n2,3,1\n", "line 2: column 2: 'x' is not a number")]
    public async Task A_bad_csv_row_is_refused_with_its_line(string csv, string expected)
    {
        var data = _work.Write("bad.csv", csv);
        var file = _work.Sweep("badcsv", Body("learning-rate = 0.01", data: data));
        var (exit, _, err) = await ActorTuneProcess.RunAsync(_work.Directory, "run", file);
        Assert.Equal(2, exit);
        Assert.Contains(data, err);
        Assert.Contains(expected, err);
    }

    [Fact]
    public async Task A_syntax_error_and_a_missing_file_are_refused()
    {
        var broken = _work.Write("broken.hocon", "sweep { name = x \n space { ");
        Assert.Equal(2, (await ActorTuneProcess.RunAsync(_work.Directory, "run", broken)).Exit);
        var missing = await ActorTuneProcess.RunAsync(_work.Directory, "run", "nope.hocon");
        Assert.Equal(2, missing.Exit);
        Assert.Contains("nope.hocon: file: not found", missing.Err);
    }

    /// <summary>A mistyped --db is an error, not an empty database: the commands that only read (or resume) create nothing.</summary>
    [Theory]
    [InlineData("list")]
    [InlineData("show some-sweep")]
    [InlineData("show some-sweep --json")]
    [InlineData("report some-sweep")]
    [InlineData("export some-sweep --format csv")]
    [InlineData("resume some-sweep")]
    public async Task Commands_that_read_refuse_a_database_that_is_not_there(string commandLine)
    {
        var command = commandLine.Split(' ');
        var database = Path.Combine(_work.Directory, "missing", "typo.db");
        var (exit, _, err) = await ActorTuneProcess.RunAsync(_work.Directory, [.. command, "--db", database]);
        Assert.Equal(2, exit);
        Assert.Contains($"no database at {database}", err);
        Assert.False(File.Exists(database), "the database was created");
        Assert.False(Directory.Exists(Path.GetDirectoryName(database)), "the database's directory was created");
        var (defaultExit, _, defaultErr) = await ActorTuneProcess.RunAsync(_work.Directory, command);
        Assert.Equal(2, defaultExit);
        Assert.Contains($"no database at {Path.Combine(_work.Directory, "actortune.db")}", defaultErr);
        Assert.Empty(Directory.GetFileSystemEntries(_work.Directory));
    }
}
