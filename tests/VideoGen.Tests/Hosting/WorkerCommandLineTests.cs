using System.Text.RegularExpressions;
using VideoGen.Tests.Support;
using VideoGen.Worker.Hosting;

namespace VideoGen.Tests.Hosting;

/// <summary>The command line as a user meets it: help that lists every option README's table gives, and mistakes said in one line.</summary>
public sealed partial class WorkerCommandLineTests
{
    private static (ParsedCommandLine Parsed, string Output, string Error) Parse(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var parsed = WorkerCommandLine.Parse(args, output, error);
        return (parsed, output.ToString(), error.ToString());
    }

    [GeneratedRegex(@"^\| `(?<option>--[a-z-]+)", RegexOptions.Multiline)]
    private static partial Regex ReadmeOption();

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Help_exits_0_and_lists_every_option_of_the_readme_with_its_default_and_choices(string help)
    {
        var (parsed, output, _) = Parse(help);

        Assert.Equal(0, parsed.ExitCode);
        var readme = File.ReadAllText(Path.Combine(NodePackages.RepositoryRoot(), "README.md"));
        var table = readme[readme.IndexOf("| option | meaning |", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("\n\n", StringComparison.Ordinal)];
        var documented = ReadmeOption().Matches(table).Select(m => m.Groups["option"].Value).Where(o => o != "--Section").ToList();
        Assert.True(documented.Count >= 18, $"README's options table: {string.Join(' ', documented)}");
        Assert.All(documented, option => Assert.Contains(option, output, StringComparison.Ordinal));
        Assert.All(WorkerCommandLine.Switches, option => Assert.Contains(option.Name, output, StringComparison.Ordinal));
        Assert.Contains("off|local|neoverse", output, StringComparison.Ordinal);
        Assert.Contains("local|vertex|gemini", output, StringComparison.Ordinal);
        Assert.Contains("[default: local]", output, StringComparison.Ordinal);
        Assert.Contains("--Section:Key=value", output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_option_is_one_line_naming_it_and_the_nearest_option()
    {
        var (parsed, _, error) = Parse("--catalog", "c.json", "--presentr", "local");

        Assert.Equal(2, parsed.ExitCode);
        Assert.StartsWith("error: unknown option '--presentr'; did you mean '--presenter'?", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_choice_outside_its_list_names_the_allowed_values()
    {
        var (parsed, _, error) = Parse("--camera", "drone");

        Assert.Equal(2, parsed.ExitCode);
        Assert.Contains("drone", error, StringComparison.Ordinal);
        Assert.Contains("neoverse", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_flags_and_settings_become_configuration_the_last_given_winning()
    {
        var (parsed, _, error) = Parse("--catalog", "a.json", "--force", "--Vertex:ProjectId=p-1", "--catalog=b.json", "--render-parallelism", "2",
            "--dry-run=false", "--redis", "localhost:6379");

        Assert.Null(parsed.ExitCode);
        Assert.Equal("", error);
        var settings = parsed.Settings.ToDictionary(s => s.Key, s => s.Value);
        Assert.Equal("b.json", settings["VideoGen:Catalog"]);
        Assert.Equal("true", settings["VideoGen:Force"]);
        Assert.Equal("false", settings["VideoGen:DryRun"]);
        Assert.Equal("p-1", settings["Vertex:ProjectId"]);
        Assert.Equal("2", settings["Pipeline:RenderParallelism"]);
        Assert.Equal("localhost:6379", settings["ConnectionStrings:redis"]);
        // Defaults are the options classes' own: an option not given sets nothing.
        Assert.False(settings.ContainsKey("VideoGen:Camera"));
    }

    [Fact]
    public void An_option_without_its_value_says_so()
    {
        var (parsed, _, error) = Parse("--output");

        Assert.Equal(2, parsed.ExitCode);
        Assert.Contains("--output", error, StringComparison.Ordinal);
    }
}
