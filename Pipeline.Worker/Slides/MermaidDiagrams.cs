using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using VideoGen.Worker.Lessons;
using VideoGen.Worker.Media;

namespace VideoGen.Worker.Slides;

/// <summary>
/// Draws a lesson's mermaid diagrams as pictures with mermaid-cli, all in one Chromium. When one of them cannot be drawn
/// the ones after it are drawn one by one, so that only the broken one is left out, with a warning that says why. A
/// diagram's source is never shown in its place.
/// </summary>
public sealed class MermaidDiagrams(IOptions<DiagramOptions> options)
{
    public async Task<(Dictionary<string, string> Paths, List<string> Warnings)> DrawAsync(
        IReadOnlyList<DiagramAsset> diagrams, string folder, CancellationToken cancellationToken)
    {
        var paths = new Dictionary<string, string>();
        var warnings = new List<string>();
        if (diagrams.Count == 0)
        {
            return (paths, warnings);
        }

        var command = options.Value.ResolveCommand();
        if (command is null)
        {
            warnings.AddRange(diagrams.Select(d =>
                $"{d.Id} ({d.Kind}) left out: mermaid-cli (mmdc) is not installed; scripts/install-prerequisites.sh installs it, or set Diagrams:Command"));
            return (paths, warnings);
        }

        Directory.CreateDirectory(folder);
        var config = Path.Combine(folder, "puppeteer.json");
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new
        {
            executablePath = options.Value.Chromium,
            args = new[] { "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage" },
        }), cancellationToken);

        var all = new StringBuilder();
        foreach (var diagram in diagrams)
        {
            all.Append("```mermaid\n").Append(diagram.Source).Append("\n```\n\n");
        }

        var input = Path.Combine(folder, "diagrams.md");
        await File.WriteAllTextAsync(input, all.ToString(), cancellationToken);
        var drawn = Enumerable.Range(1, diagrams.Count).Select(i => Path.Combine(folder, $"drawn-{i}.png")).ToList();
        drawn.ForEach(File.Delete);
        var (exitCode, _) = await ExternalTool.RunUncheckedAsync(command, Arguments(config, input, Path.Combine(folder, "drawn.md")), folder, options.Value.Timeout, cancellationToken);

        // mermaid-cli draws the diagrams in order and stops at the first it cannot parse: those before it are done, and
        // the rest are drawn one by one, so that only the broken ones are left out.
        for (var i = 0; i < diagrams.Count && File.Exists(drawn[i]); i++)
        {
            paths[diagrams[i].Id] = drawn[i];
        }

        if (exitCode == 0 && paths.Count == diagrams.Count)
        {
            return (paths, warnings);
        }

        foreach (var diagram in diagrams.Where(d => !paths.ContainsKey(d.Id)))
        {
            var source = Path.Combine(folder, $"{diagram.Id}.mmd");
            var output = Path.Combine(folder, $"{diagram.Id}.png");
            await File.WriteAllTextAsync(source, diagram.Source, cancellationToken);
            var (alone, error) = await ExternalTool.RunUncheckedAsync(command, Arguments(config, source, output), folder, options.Value.Timeout, cancellationToken);
            if (alone == 0 && File.Exists(output))
            {
                paths[diagram.Id] = output;
            }
            else
            {
                warnings.Add($"{diagram.Id} ({diagram.Kind}) left out: mermaid could not draw it ({Reason(error)})");
            }
        }

        return (paths, warnings);
    }

    private static string[] Arguments(string config, string input, string output) =>
        ["--quiet", "-p", config, "-i", input, "-o", output, "-e", "png", "-b", "white", "-s", "2"];

    // mermaid's own words come first ("Parse error on line 4:", then the source near the error), then a stack trace of no
    // use to the lesson's author. Its line numbers count lines it joined, so the source near the error says more.
    private static string Reason(string error)
    {
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var parse = Array.FindIndex(lines, l => l.Contains("Parse error", StringComparison.Ordinal));
        if (parse >= 0)
        {
            var near = parse + 1 < lines.Length ? lines[parse + 1] : "";
            return near.Length == 0 ? "a syntax error in its source" : $"a syntax error near '{(near.Length > 80 ? near[..80] + "…" : near)}'";
        }

        var first = lines.FirstOrDefault(l => !l.StartsWith("at ", StringComparison.Ordinal)) ?? "no error output";
        return first.Length > 200 ? first[..200] + "…" : first;
    }
}
