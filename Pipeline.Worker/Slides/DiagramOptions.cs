using System.ComponentModel.DataAnnotations;

namespace VideoGen.Worker.Slides;

/// <summary>How a lesson's mermaid diagrams are drawn: mermaid-cli in the system's Chromium.</summary>
public sealed class DiagramOptions
{
    public const string Section = "Diagrams";

    /// <summary>
    /// mermaid-cli's <c>mmdc</c>. Empty: <c>mmdc</c> on the PATH, else the copy <c>scripts/install-prerequisites.sh</c> puts in
    /// <c>tools/mermaid</c> beside the worker's build.
    /// </summary>
    public string Command { get; set; } = "";

    /// <summary>The browser mermaid-cli draws in; it never downloads one of its own.</summary>
    [Required]
    public string Chromium { get; set; } = "/usr/bin/chromium";

    [Range(typeof(TimeSpan), "00:00:05", "00:30:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The command to run, or null when mermaid-cli is nowhere to be found.</summary>
    public string? ResolveCommand()
    {
        if (Command.Length > 0)
        {
            return File.Exists(Command) ? Command : null;
        }

        if (Media.ExternalTool.Find("mmdc") is { } onPath)
        {
            return onPath;
        }

        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "tools", "mermaid", "node_modules", ".bin", "mmdc");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
