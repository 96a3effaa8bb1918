using System.Diagnostics;
using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using VideoGen.Worker.Stages;
using VideoGen.Worker.Telemetry;

namespace VideoGen.Worker.Providers.Vertex;

/// <summary>
/// Typed calls to the Vertex AI REST API. A refused request becomes an <see cref="HttpRequestException"/> with the
/// status and Google's own message; 429 and 5xx were already retried by the client's resilience handler.
/// </summary>
public sealed class VertexClient(HttpClient http, IOptions<VertexOptions> options, PipelineTelemetry telemetry)
{
    private readonly VertexOptions _options = options.Value;

    /// <summary>Calls <c>generateContent</c> and records the tokens the answer says it used.</summary>
    public async Task<GenerateContentResponse> GenerateContentAsync(
        string model, string location, GenerateContentRequest request, CancellationToken cancellationToken)
    {
        var response = await PostAsync<GenerateContentResponse>(ModelUri(model, location, "generateContent"), request, cancellationToken);
        if (response.UsageMetadata is { } usage)
        {
            telemetry.TokensUsed(model, usage.PromptTokenCount ?? 0, usage.CandidatesTokenCount ?? 0, usage.ThoughtsTokenCount ?? 0, Price(model, usage));
        }

        return response;
    }

    /// <summary>What an answer's tokens cost at the configured prices; thinking is paid as output.</summary>
    public decimal Price(string model, UsageMetadata usage)
    {
        var prices = _options.Prices;
        var (input, output) = model == _options.SpeechModel
            ? (prices.PerMillionSpeechInputTokens, prices.PerMillionSpeechOutputTokens)
            : (prices.PerMillionTextInputTokens, prices.PerMillionTextOutputTokens);
        var (prompt, answer) = (usage.PromptTokenCount ?? 0, (usage.CandidatesTokenCount ?? 0) + (usage.ThoughtsTokenCount ?? 0));
        return (prompt * input + answer * output) / 1_000_000m;
    }

    /// <summary>
    /// Starts a Veo generation and returns the operation's full name. This is the call that costs money, so it is sent
    /// once: a refusal (429, another 4xx, a connection refused) means nothing started and is thrown as it is, while an
    /// answer lost after the request went out (a timeout, a dropped connection, 500/502/504, an unreadable 200) throws
    /// <see cref="VeoAnswerLostException"/>: the operation may exist and be paid for.
    /// </summary>
    public async Task<string> StartVideoAsync(string model, string location, PredictLongRunningRequest request, CancellationToken cancellationToken)
    {
        OperationReference operation;
        try
        {
            operation = await PostAsync<OperationReference>(ModelUri(model, location, "predictLongRunning"), request, cancellationToken, neverResend: true);
        }
        catch (Exception ex) when (VeoAnswerLostException.From(ex, _options.RequestTimeout) is { } lost)
        {
            throw lost;
        }

        return string.IsNullOrWhiteSpace(operation.Name)
            ? throw new VeoAnswerLostException("predictLongRunning answered without an operation name")
            : operation.Name;
    }

    public Task<VideoOperation> FetchOperationAsync(string model, string location, string operationName, CancellationToken cancellationToken) =>
        PostAsync<VideoOperation>(ModelUri(model, location, "fetchPredictOperation"), new FetchOperationRequest(operationName), cancellationToken);

    private Uri ModelUri(string model, string location, string method) =>
        new(PlatformUri(location),
            $"v1/projects/{Uri.EscapeDataString(_options.ProjectId)}/locations/{Uri.EscapeDataString(location)}/publishers/google/models/{Uri.EscapeDataString(model)}:{method}");

    /// <summary>Gemini 3 text models are served from the <c>global</c> endpoint, the others from their region's.</summary>
    private Uri PlatformUri(string location) =>
        new(string.IsNullOrWhiteSpace(_options.BaseUrl)
            ? location == "global" ? "https://aiplatform.googleapis.com/" : $"https://{location}-aiplatform.googleapis.com/"
            : _options.BaseUrl.TrimEnd('/') + "/");

    private async Task<T> PostAsync<T>(Uri uri, object body, CancellationToken cancellationToken, bool neverResend = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = JsonContent.Create(body, options: VertexJson.Options) };
        request.Options.Set(VertexResilience.NeverResend, neverResend);
        using var response = await http.SendAsync(request, cancellationToken);
        var method = uri.AbsolutePath[(uri.AbsolutePath.LastIndexOf(':') + 1)..];
        await EnsureSuccessAsync(response, method, cancellationToken);
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(VertexJson.Options, cancellationToken)
                ?? throw new JsonException("empty answer");
        }
        catch (JsonException ex)
        {
            throw StageException.Transient($"{method} answered malformed JSON: {ex.Message}", ex, "malformed");
        }
    }

    internal static async Task EnsureSuccessAsync(HttpResponseMessage response, string call, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var message = GoogleMessage(text) ?? (text.Length > 300 ? text[..300] : text);
        Activity.Current?.SetTag("videogen.google.status", (int)response.StatusCode);
        throw new HttpRequestException($"{call} answered {(int)response.StatusCode} {response.StatusCode}: {message}", null, response.StatusCode);
    }

    private static string? GoogleMessage(string text)
    {
        try
        {
            var envelope = JsonSerializer.Deserialize<GoogleErrorEnvelope>(text, VertexJson.Options);
            return envelope?.Error is { } error ? $"{error.Status} {error.Message}".Trim() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The wait Google asks for: a Retry-After header, or a <c>google.rpc.RetryInfo</c> in the error body.</summary>
    public static TimeSpan? RequestedDelay(HttpResponseMessage response, string? body)
    {
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return delta;
            }

            if (retryAfter.Date is { } date)
            {
                var wait = date - DateTimeOffset.UtcNow;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
        }

        if (string.IsNullOrEmpty(body) || response.StatusCode != HttpStatusCode.TooManyRequests)
        {
            return null;
        }

        try
        {
            var details = JsonSerializer.Deserialize<GoogleErrorEnvelope>(body, VertexJson.Options)?.Error?.Details ?? [];
            foreach (var detail in details)
            {
                if (detail.TryGetProperty("@type", out var type) && type.GetString()?.EndsWith("google.rpc.RetryInfo", StringComparison.Ordinal) == true &&
                    detail.TryGetProperty("retryDelay", out var delay) && delay.GetString() is { } text &&
                    text.EndsWith('s') && double.TryParse(text[..^1], System.Globalization.CultureInfo.InvariantCulture, out var seconds))
                {
                    return TimeSpan.FromSeconds(seconds);
                }
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }
}
