using ActorTune.Model.Data;
using ActorTune.Model.Sweep;

namespace ActorTune.Model.Tests;

public sealed class DataCacheTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("actortune-datacache-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_data_set_is_loaded_once_while_it_is_in_use()
    {
        var spec = Csv("once");

        Assert.Same(DataCache.Get(spec), DataCache.Get(spec));
    }

    [Fact]
    public void Only_the_most_recently_used_data_sets_stay_cached()
    {
        var first = Csv("first");
        var kept = DataCache.Get(first);
        for (var i = 0; i < DataCache.Capacity; i++)
        {
            DataCache.Get(Csv($"other-{i}"));
        }

        Assert.NotSame(kept, DataCache.Get(first)); // evicted, so read again
    }

    private DataSpec Csv(string name)
    {
        var path = Path.Combine(_directory, name + ".csv");
        File.WriteAllLines(path, Enumerable.Range(0, 20).Select(r => $"{r},{r * 2},{r % 2}"));
        return new DataSpec(path, 0.2);
    }
}
