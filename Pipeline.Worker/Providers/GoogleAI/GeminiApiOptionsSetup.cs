using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace VideoGen.Worker.Providers.GoogleAI;

/// <summary>Reads the key from the environment as Google's SDKs do, and checks what the gemini provider needs.</summary>
public sealed class GeminiApiOptionsSetup : IPostConfigureOptions<GeminiApiOptions>, IValidateOptions<GeminiApiOptions>
{
    public void PostConfigure(string? name, GeminiApiOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            options.ApiKey = Environment.GetEnvironmentVariable("GEMINI_API_KEY") is { Length: > 0 } key ? key : Environment.GetEnvironmentVariable("GOOGLE_API_KEY");
        }

        options.ApiKey = options.ApiKey?.Trim();
    }

    public ValidateOptionsResult Validate(string? name, GeminiApiOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            failures.Add($"The gemini provider needs an API key: put one in {GeminiApiOptions.KeySources}. Create one at https://aistudio.google.com/apikey.");
        }

        if (!string.IsNullOrWhiteSpace(options.BaseUrl) && !Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out _))
        {
            failures.Add($"Gemini:BaseUrl '{options.BaseUrl}' is not an absolute URL.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>Puts the gemini provider's models and poll interval into the settings the shared stages read.</summary>
public sealed class GeminiApiSharedSettings(IOptions<GeminiApiOptions> gemini) : IPostConfigureOptions<GoogleAIOptions>, IValidateOptions<GoogleAIOptions>
{
    public void PostConfigure(string? name, GoogleAIOptions options)
    {
        var api = gemini.Value;
        options.TextModel = api.TextModel;
        options.SpeechModel = api.SpeechModel;
        options.VideoModel = api.VideoModel;
        options.PollInterval = api.PollInterval;
        // The Veo quota belongs to the key's project: workers with the same key share it in Redis, under a name that
        // does not give the key away.
        options.ProjectId = string.IsNullOrWhiteSpace(api.ApiKey)
            ? "gemini-api"
            : $"gemini-api-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(api.ApiKey)))[..12]}";
    }

    public ValidateOptionsResult Validate(string? name, GoogleAIOptions options) =>
        string.IsNullOrWhiteSpace(options.OutputStorageUri)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Vertex:OutputStorageUri is for Vertex AI only: the Gemini API cannot write clips to Cloud Storage.");
}
