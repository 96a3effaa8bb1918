using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace VideoGen.Worker.Providers.GoogleAI;

/// <summary>
/// Vertex AI: models under a project and location, Gemini 3 on the <c>global</c> endpoint, Veo polled with
/// <c>fetchPredictOperation</c>, videos inline or in Cloud Storage; OAuth bearer tokens.
/// </summary>
public sealed class VertexBackend(IOptions<GoogleAIOptions> options) : IGenAIBackend
{
    private readonly GoogleAIOptions _options = options.Value;

    public string Name => "Vertex AI";

    public string CredentialsHint =>
        "check Vertex:AccessToken or Vertex:CredentialsJson, or the Application Default Credentials, and that the account may use Vertex AI in project " +
        $"'{_options.ProjectId}'";

    public Uri ModelUri(string model, string location, string method) =>
        new(PlatformUri(location),
            $"v1/projects/{Uri.EscapeDataString(_options.ProjectId)}/locations/{Uri.EscapeDataString(location)}/publishers/google/models/{Uri.EscapeDataString(model)}:{method}");

    public PredictLongRunningRequest VideoRequest(PredictLongRunningRequest request) => request;

    public bool Owns(string operationName) => operationName.StartsWith("projects/", StringComparison.Ordinal);

    public HttpRequestMessage OperationRequest(string model, string location, string operationName) =>
        new(HttpMethod.Post, ModelUri(model, location, "fetchPredictOperation"))
        {
            Content = JsonContent.Create(new FetchOperationRequest(operationName), options: GoogleAIJson.Options),
        };

    public VideoOperation ReadOperation(OperationAnswer answer) => new(
        answer.Name, answer.Done, answer.Error,
        answer.Response is { } response ? new VideoResponse(response.RaiMediaFilteredCount, response.RaiMediaFilteredReasons, response.Videos) : null);

    public string SettingOf(string model) =>
        model == _options.TextModel ? "GoogleAI:TextModel and Vertex:TextLocation"
        : model == _options.SpeechModel ? "GoogleAI:SpeechModel and Vertex:Location"
        : model == _options.VideoModel ? "GoogleAI:VideoModel and Vertex:Location"
        : "GoogleAI:TextModel, SpeechModel, VideoModel and Vertex:Location, TextLocation";

    /// <summary>Only 401: a 403 may be about one resource (a bucket Gemini may not read), not the credentials.</summary>
    public bool RefusesCredentials(HttpStatusCode status, GoogleError? error) => status == HttpStatusCode.Unauthorized;

    /// <summary>Gemini 3 text models are served from the <c>global</c> endpoint, the others from their region's.</summary>
    private Uri PlatformUri(string location) =>
        new(string.IsNullOrWhiteSpace(_options.BaseUrl)
            ? location == "global" ? "https://aiplatform.googleapis.com/" : $"https://{location}-aiplatform.googleapis.com/"
            : _options.BaseUrl.TrimEnd('/') + "/");
}
