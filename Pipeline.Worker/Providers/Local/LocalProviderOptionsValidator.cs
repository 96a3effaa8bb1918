using Microsoft.Extensions.Options;
using VideoGen.Worker.Media;

namespace VideoGen.Worker.Providers.Local;

/// <summary>
/// What composing slides needs on this machine, whichever provider runs: the slide fonts, ffmpeg and ffprobe.
/// </summary>
public sealed class LocalProviderOptionsValidator : IValidateOptions<LocalProviderOptions>
{
    public ValidateOptionsResult Validate(string? name, LocalProviderOptions options)
    {
        var failures = new List<string>();
        foreach (var (setting, path) in new[] { (nameof(options.FontFile), options.FontFile), (nameof(options.BoldFontFile), options.BoldFontFile), (nameof(options.CodeFontFile), options.CodeFontFile) })
        {
            if (!string.IsNullOrEmpty(path) && !File.Exists(path))
            {
                failures.Add($"{LocalProviderOptions.Section}:{setting} '{path}' does not exist (install the font, e.g. apt-get install fonts-dejavu-core)");
            }
        }

        failures.AddRange(ToolsOnPath.Missing("ffmpeg", "ffprobe"));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>The offline narrator speaks with espeak-ng; only a run with the local provider needs it.</summary>
public sealed class EspeakOnPathValidator : IValidateOptions<LocalProviderOptions>
{
    public ValidateOptionsResult Validate(string? name, LocalProviderOptions options) =>
        ToolsOnPath.Missing("espeak-ng") is { Count: > 0 } missing ? ValidateOptionsResult.Fail(missing) : ValidateOptionsResult.Success;
}

internal static class ToolsOnPath
{
    public static List<string> Missing(params string[] tools) =>
        tools.Where(tool => ExternalTool.Find(tool) is null)
            .Select(tool => $"'{tool}' is needed on PATH (install it, e.g. apt-get install {(tool == "ffprobe" ? "ffmpeg" : tool)})")
            .ToList();
}
