using Microsoft.Extensions.Options;

namespace VideoGen.Worker.Providers.NeoVerse;

/// <summary>With the NeoVerse camera on, its server must be named: without one every scene would fall back.</summary>
public sealed class NeoVerseOptionsValidator : IValidateOptions<NeoVerseOptions>
{
    public ValidateOptionsResult Validate(string? name, NeoVerseOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Url))
        {
            return ValidateOptionsResult.Fail(
                "--camera neoverse needs a NeoVerse server: set Providers:NeoVerse:Url (Providers__NeoVerse__Url) to its address, e.g. http://gpu-host:8000 " +
                "(servers/neoverse/README.md says how to run one).");
        }

        return Uri.TryCreate(options.Url, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Providers:NeoVerse:Url '{options.Url}' is not an http(s) address.");
    }
}
