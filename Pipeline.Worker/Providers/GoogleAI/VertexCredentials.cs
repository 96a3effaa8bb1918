using System.Net.Http.Headers;
using Google.Apis.Auth.OAuth2;
using Microsoft.Extensions.Options;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Providers.GoogleAI;

/// <summary>
/// The bearer token for Google: <c>Vertex:AccessToken</c> when given, otherwise the service account key in
/// <c>Vertex:CredentialsJson</c>, otherwise Application Default Credentials (the Google library caches the token and
/// refreshes it before it expires).
/// </summary>
public sealed class VertexCredentials(IOptions<GoogleAIOptions> options)
{
    private const string Scope = "https://www.googleapis.com/auth/cloud-platform";

    private readonly Lazy<Task<ITokenAccess>> _applicationDefault = new(async () =>
        string.IsNullOrWhiteSpace(options.Value.CredentialsJson)
            ? (await GoogleCredential.GetApplicationDefaultAsync()).CreateScoped(Scope)
            // A service account key given as a secret (in a container there is no gcloud and no key file).
            : CredentialFactory.FromJson<ServiceAccountCredential>(options.Value.CredentialsJson).ToGoogleCredential().CreateScoped(Scope));

    public async Task<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(options.Value.AccessToken))
        {
            return options.Value.AccessToken.Trim();
        }

        try
        {
            var credential = await _applicationDefault.Value;
            return await credential.GetAccessTokenForRequestAsync(cancellationToken: cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            throw new SettingsRefusedException(
                $"No Google credentials: set Vertex:AccessToken or Vertex:CredentialsJson, or configure Application Default Credentials ({ex.Message})", ex);
        }
        catch (Exception ex) when (ex is ArgumentException or Newtonsoft.Json.JsonException)
        {
            // The key's content is a secret: only the kind of problem is told.
            throw new SettingsRefusedException($"Vertex:CredentialsJson is not a service account key ({ex.GetType().Name})", ex);
        }
    }
}

/// <summary>Puts the bearer token on every request to Google; the token itself is never logged.</summary>
public sealed class VertexAuthHandler(VertexCredentials credentials) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await credentials.GetTokenAsync(cancellationToken));
        return await base.SendAsync(request, cancellationToken);
    }
}
