using Microsoft.Extensions.Options;

namespace VideoGen.Worker.Providers.AvatarForcing;

/// <summary>With the AvatarForcing presenter on, its server must be named: without one every lesson would fall back.</summary>
public sealed class AvatarForcingOptionsValidator : IValidateOptions<AvatarForcingOptions>
{
    public ValidateOptionsResult Validate(string? name, AvatarForcingOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Url))
        {
            return ValidateOptionsResult.Fail(
                "--presenter avatarforcing needs an AvatarForcing server: set Providers:AvatarForcing:Url (Providers__AvatarForcing__Url) to its " +
                "address, e.g. http://gpu-host:8000 (servers/README.md says how to run one).");
        }

        return Uri.TryCreate(options.Url, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Providers:AvatarForcing:Url '{options.Url}' is not an http(s) address.");
    }
}
