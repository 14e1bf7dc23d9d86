using ActorTune.Actors.Persistence;
using ActorTune.Host.Hosting;

namespace ActorTune.Host.Tests;

/// <summary>Addresses and credentials as a node and a client read them from the command line.</summary>
public sealed class ClusterOptionsTests
{
    [Fact]
    public void A_node_on_every_interface_must_name_the_address_others_dial()
    {
        var error = Assert.Throws<ArgumentException>(() => new ClusterOptions("0.0.0.0", null, 4053, [], null).Checked());
        Assert.StartsWith("--bind 0.0.0.0", error.Message);
        var named = new ClusterOptions("0.0.0.0", "10.1.2.3", 4053, [], null).Checked();
        Assert.Equal("10.1.2.3:4053", named.NodeName(4053));
        var hocon = named.Hocon(ClusterOptions.CoordinatorRole);
        Assert.Contains("hostname = \"0.0.0.0\"", hocon);
        Assert.Contains("public-hostname = \"10.1.2.3\"", hocon);
        Assert.Contains("\"akka.tcp://actortune@10.1.2.3:4053\"", hocon);
    }

    [Fact]
    public void A_postgres_password_is_masked_wherever_the_database_is_shown()
    {
        var location = DatabaseLocation.Parse("postgres://tuner:s3cr%40t@db.example:5433/sweeps");
        Assert.Equal("postgres://tuner:***@db.example:5433/sweeps", location.Display);
        Assert.Equal(location.Display, location.ToString());
        Assert.Contains("Password=s3cr@t", location.ConnectionString);
        Assert.Equal("postgres://tuner@db.example/sweeps", DatabaseLocation.Parse("postgres://tuner@db.example/sweeps").Display);
    }
}
