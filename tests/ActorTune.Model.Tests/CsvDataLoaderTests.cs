using System.IO.Compression;
using System.Text;
using ActorTune.Model.Data;

namespace ActorTune.Model.Tests;

/// <summary>CSV as RFC 4180 reads it (quotes, CRLF), with the loader's own header, label and separator rules and errors.</summary>
public sealed class CsvDataLoaderTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "actortune-csv", Guid.NewGuid().ToString("N"));

    public CsvDataLoaderTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string text, string name = "data.csv")
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void A_quoted_header_cell_may_hold_the_separator()
    {
        var data = CsvDataLoader.Load(Write("\"width, cm\",\"height, cm\",label\n1,2,0\n3,4,1\n"));
        Assert.Equal(["width, cm", "height, cm"], data.FeatureNames);
        Assert.Equal(2, data.FeatureCount);
        Assert.Equal([1f, 2f, 3f, 4f], data.Features);
    }

    [Fact]
    public void A_quoted_label_may_hold_the_separator_and_an_escaped_quote()
    {
        var data = CsvDataLoader.Load(Write("1,2,\"cat, big\"\n3,4,\"dog \"\"small\"\"\"\n5,6,\"cat, big\"\n"));
        Assert.Equal(["cat, big", "dog \"small\""], data.ClassNames);
        Assert.Equal([0, 1, 0], data.Labels);
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\n")]
    public void Crlf_and_lf_line_ends_read_the_same(string newline)
    {
        var data = CsvDataLoader.Load(Write(string.Join(newline, "a;b;label", "1;2;x", "", "3;4;y", "")));
        Assert.Equal(["a", "b"], data.FeatureNames);
        Assert.Equal(["x", "y"], data.ClassNames);
        Assert.Equal([1f, 2f, 3f, 4f], data.Features);
    }

    [Fact]
    public void Tabs_separate_when_the_first_line_has_no_comma_or_semicolon()
    {
        var data = CsvDataLoader.Load(Write("1\t2\t0\n3\t4\t1\n"));
        Assert.Equal(2, data.FeatureCount);
        Assert.Equal(["x0", "x1"], data.FeatureNames);
    }

    [Fact]
    public void A_gzip_file_is_read_by_its_magic_bytes()
    {
        var path = Path.Combine(_directory, "data.bin");
        using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes("1,2,0\n3,4,1\n"));
        }
        Assert.Equal([0, 1], CsvDataLoader.Load(path).Labels);
    }

    [Fact]
    public void A_label_column_named_in_the_header_is_used()
    {
        var data = CsvDataLoader.Load(Write("label,a,b\nx,1,2\ny,3,4\n"), labelColumn: "label");
        Assert.Equal(["a", "b"], data.FeatureNames);
        Assert.Equal(["x", "y"], data.ClassNames);
    }

    [Theory]
    [InlineData("1,2,0\r\n3,4,1\r\n5,6\r\n", "line 3: 2 columns, expected 3")]
    [InlineData("a,b,label\n1,x,0\n2,3,1\n", "line 2: column 2: 'x' is not a number")]
    [InlineData("a,b,label\n1,\"2\nstill 2\",0\n3,\"4,5\",1\n", "line 2: column 2: '2\nstill 2' is not a number")]
    [InlineData("a,b,label\n1,2,\"two\nlines\"\n3,4\n", "line 4: 2 columns, expected 3")]
    [InlineData("a,b,label\n1,\"2,0\n3,4,1\n", "line 2: 2 columns, expected 3 (a quote opened on this line is not closed?)")]
    public void A_bad_row_is_refused_with_its_line_and_column(string csv, string expected)
    {
        var path = Write(csv);
        var error = Assert.Throws<DataFormatException>(() => CsvDataLoader.Load(path));
        Assert.Equal($"{path} {expected}", error.Message);
    }
}
