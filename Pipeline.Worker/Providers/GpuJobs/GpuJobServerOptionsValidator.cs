using Microsoft.Extensions.Options;

namespace VideoGen.Worker.Providers.GpuJobs;

/// <summary>With a GPU model switched on, its server must be named: without one every lesson would fall back.</summary>
/// <param name="option">The command-line choice that needs the server, e.g. <c>--camera neoverse</c>.</param>
/// <param name="server">What the server is, e.g. <c>a NeoVerse server</c>.</param>
/// <param name="section">The server's settings section.</param>
public abstract class GpuJobServerOptionsValidator<TOptions>(string option, string server, string section) : IValidateOptions<TOptions>
    where TOptions : GpuJobServerOptions
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Url))
        {
            return ValidateOptionsResult.Fail(
                $"{option} needs {server}: set {section}:Url ({section.Replace(":", "__", StringComparison.Ordinal)}__Url) to its address, " +
                "e.g. http://gpu-host:8000 (servers/README.md says how to run one).");
        }

        return Uri.TryCreate(options.Url, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{section}:Url '{options.Url}' is not an http(s) address.");
    }
}
