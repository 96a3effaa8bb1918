using Microsoft.Extensions.Options;

namespace VideoGen.Worker.Providers.GoogleAI;

/// <summary>Checks what the data annotations on <see cref="GoogleAIOptions"/> cannot say.</summary>
public sealed class GoogleAIOptionsValidator : IValidateOptions<GoogleAIOptions>
{
    public ValidateOptionsResult Validate(string? name, GoogleAIOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ProjectId))
        {
            failures.Add("Vertex:ProjectId is required for the vertex provider (set Vertex__ProjectId).");
        }

        if (!string.IsNullOrWhiteSpace(options.BaseUrl) && !Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out _))
        {
            failures.Add($"Vertex:BaseUrl '{options.BaseUrl}' is not an absolute URL.");
        }

        if (!string.IsNullOrWhiteSpace(options.StorageBaseUrl) && !Uri.TryCreate(options.StorageBaseUrl, UriKind.Absolute, out _))
        {
            failures.Add($"Vertex:StorageBaseUrl '{options.StorageBaseUrl}' is not an absolute URL.");
        }

        if (options.ClipSeconds is not (4 or 6 or 8))
        {
            failures.Add("GoogleAI:ClipSeconds must be 4, 6 or 8.");
        }

        if (options.MaxRunningClipsCeiling < options.MaxRunningClips)
        {
            failures.Add($"GoogleAI:MaxRunningClipsCeiling ({options.MaxRunningClipsCeiling}) must be at least GoogleAI:MaxRunningClips ({options.MaxRunningClips}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
