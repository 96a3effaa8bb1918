using Microsoft.Extensions.Options;

namespace VideoGen.Worker.Providers.GoogleAI;

/// <summary>
/// Puts the API key on requests to the Gemini API's own host, and on no other (a download redirected to where the
/// file is kept gets none). The key is a header, never part of a URL, so it cannot reach a log line or a span.
/// </summary>
public sealed class GeminiApiKeyHandler(GeminiApiBackend backend, IOptions<GeminiApiOptions> options) : DelegatingHandler
{
    public const string Header = "x-goog-api-key";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var api = backend.BaseUri;
        request.Headers.Remove(Header);
        if (request.RequestUri is { } uri && uri.Scheme == api.Scheme && uri.Host == api.Host && uri.Port == api.Port)
        {
            request.Headers.TryAddWithoutValidation(Header, options.Value.ApiKey);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
