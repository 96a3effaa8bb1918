using System.Net;
using Microsoft.Extensions.Options;

namespace VideoGen.Worker.Providers.GoogleAI;

/// <summary>
/// The Gemini Developer API: models at <c>/v1beta/models/{model}</c>, an API key in <c>x-goog-api-key</c>, operations
/// read with a GET on their name, and a finished clip as a download address
/// (<c>response.generateVideoResponse.generatedSamples[].video.uri</c>) rather than bytes or a <c>gs://</c> URI.
/// </summary>
public sealed class GeminiApiBackend(IOptions<GeminiApiOptions> options) : IGenAIBackend
{
    private readonly GeminiApiOptions _options = options.Value;

    public string Name => "the Gemini API";

    public string CredentialsHint => $"check the key in {GeminiApiOptions.KeySources} (a key from Google AI Studio)";

    public Uri BaseUri => new(string.IsNullOrWhiteSpace(_options.BaseUrl) ? GeminiApiOptions.PublicBaseUrl : _options.BaseUrl.TrimEnd('/') + "/");

    public Uri ModelUri(string model, string location, string method) => new(BaseUri, $"v1beta/models/{Uri.EscapeDataString(model)}:{method}");

    public PredictLongRunningRequest VideoRequest(PredictLongRunningRequest request) =>
        request with { Parameters = request.Parameters with { GenerateAudio = null, StorageUri = null } };

    public bool Owns(string operationName) => operationName.StartsWith("models/", StringComparison.Ordinal);

    // The name is "models/{model}/operations/{id}": a path of its own, not escaped as one segment.
    public HttpRequestMessage OperationRequest(string model, string location, string operationName) =>
        new(HttpMethod.Get, new Uri(BaseUri, $"v1beta/{operationName.TrimStart('/')}"));

    public VideoOperation ReadOperation(OperationAnswer answer)
    {
        if (answer.Response?.GenerateVideoResponse is not { } response)
        {
            return new VideoOperation(answer.Name, answer.Done, answer.Error, null);
        }

        var videos = (response.GeneratedSamples ?? [])
            .Select(sample => sample?.Video)
            .Where(video => !string.IsNullOrWhiteSpace(video?.Uri))
            .Select(video => new GeneratedVideo(null, null, video!.MimeType ?? "video/mp4", video.Uri))
            .ToList();
        return new VideoOperation(answer.Name, answer.Done, answer.Error,
            new VideoResponse(response.RaiMediaFilteredCount, response.RaiMediaFilteredReasons, videos));
    }

    public string SettingOf(string model) =>
        model == _options.TextModel ? "Gemini:TextModel"
        : model == _options.SpeechModel ? "Gemini:SpeechModel"
        : model == _options.VideoModel ? "Gemini:VideoModel"
        : "Gemini:TextModel, SpeechModel and VideoModel";

    /// <summary>
    /// 401, 403 PERMISSION_DENIED (a key not allowed this API), or a 400 whose <c>ErrorInfo</c> says <c>API_KEY_INVALID</c>
    /// (a key that does not exist). This backend reads no storage of the user's, so a 403 is about the key.
    /// </summary>
    public bool RefusesCredentials(HttpStatusCode status, GoogleError? error) =>
        status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ||
        (status == HttpStatusCode.BadRequest && error?.Reason == "API_KEY_INVALID");
}
