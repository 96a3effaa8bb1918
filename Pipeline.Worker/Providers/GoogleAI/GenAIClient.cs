using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using VideoGen.Worker.Stages;
using VideoGen.Worker.Ledger;
using VideoGen.Worker.Providers.GoogleAI.Pricing;
using VideoGen.Worker.Telemetry;

namespace VideoGen.Worker.Providers.GoogleAI;

/// <summary>
/// Typed calls to Gemini, Gemini TTS and Veo, the same whichever backend serves them (Vertex AI or the Gemini API; see
/// <see cref="IGenAIBackend"/>). A refused request becomes an <see cref="HttpRequestException"/> with the status and
/// Google's own message; 429 and 5xx were already retried by the client's resilience handler. A refusal of the
/// credentials, or of a model id, is a <see cref="SettingsRefusedException"/>: it would refuse every lesson alike.
/// </summary>
public sealed class GenAIClient(
    HttpClient http, IGenAIBackend backend, IOptions<GoogleAIOptions> options, GoogleAIPricing pricing, SpendBudget budget, PipelineTelemetry telemetry)
{
    // A request's prompt is reckoned at a token per 4 characters of its JSON, and its answer at its output limit (or
    // this, without one): an upper bound, so that requests in flight never carry the spend past the cap.
    private const int AnswerTokensWithoutLimit = 16_384;

    private const int MaxRedirects = 5;

    private readonly GoogleAIOptions _options = options.Value;

    /// <summary>Calls <c>generateContent</c> and records the tokens the answer says it used.</summary>
    /// <param name="purpose">What the call is paid for (<see cref="SpendPurpose"/>), in the report and the spend metric.</param>
    /// <param name="promptTokens">The prompt's tokens where the caller knows them better than a token per 4 characters of
    /// its JSON (a video, inline or by address), for the reservation under the cap.</param>
    public async Task<GenerateContentResponse> GenerateContentAsync(
        string model, string location, GenerateContentRequest request, string purpose, CancellationToken cancellationToken, long? promptTokens = null)
    {
        promptTokens ??= JsonSerializer.SerializeToUtf8Bytes(request, GoogleAIJson.Options).Length / 4;
        var reservation = await budget.ReserveAsync(
            pricing.ForTokens(model, promptTokens.Value, request.GenerationConfig?.MaxOutputTokens ?? AnswerTokensWithoutLimit) ?? 0, cancellationToken);
        var cost = 0m;
        try
        {
            var response = await PostAsync<GenerateContentResponse>(model, location, "generateContent", request, cancellationToken);
            if (response.UsageMetadata is { } usage)
            {
                cost = Price(model, usage);
                telemetry.TokensUsed(model, purpose, usage.PromptTokenCount ?? 0, usage.CandidatesTokenCount ?? 0, usage.ThoughtsTokenCount ?? 0, cost);
            }

            return response;
        }
        finally
        {
            await budget.SettleAsync(reservation, cost);
        }
    }

    /// <summary>
    /// Asks an image model for a picture. It is priced per image drawn (Google bills the picture's output tokens): the
    /// price is reserved under the cap before the request goes, and spent only when a picture came back.
    /// </summary>
    public async Task<GenerateContentResponse> GenerateImageAsync(string model, string location, GenerateContentRequest request, CancellationToken cancellationToken)
    {
        var price = pricing.PerImage(model) ?? 0;
        var reservation = await budget.ReserveAsync(price, cancellationToken);
        var cost = 0m;
        try
        {
            var response = await PostAsync<GenerateContentResponse>(model, location, "generateContent", request, cancellationToken);
            var drew = response.Candidates?.FirstOrDefault()?.Content?.Parts?.Any(p => p.InlineData is not null) == true;
            cost = drew ? price : 0;
            var usage = response.UsageMetadata;
            telemetry.TokensUsed(model, SpendPurpose.Images, usage?.PromptTokenCount ?? 0, usage?.CandidatesTokenCount ?? 0, usage?.ThoughtsTokenCount ?? 0, cost);
            return response;
        }
        finally
        {
            await budget.SettleAsync(reservation, cost);
        }
    }

    /// <summary>What an answer's tokens cost at the model's price (0 when it has none); thinking is paid as output.</summary>
    public decimal Price(string model, UsageMetadata usage) =>
        pricing.ForTokens(model, usage.PromptTokenCount ?? 0, (usage.CandidatesTokenCount ?? 0) + (usage.ThoughtsTokenCount ?? 0)) ?? 0;

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
            operation = await PostAsync<OperationReference>(model, location, "predictLongRunning", backend.VideoRequest(request), cancellationToken, neverResend: true);
        }
        catch (Exception ex) when (VeoAnswerLostException.From(ex, _options.RequestTimeout) is { } lost)
        {
            throw lost;
        }

        return string.IsNullOrWhiteSpace(operation.Name)
            ? throw new VeoAnswerLostException("predictLongRunning answered without an operation name")
            : operation.Name;
    }

    public async Task<VideoOperation> FetchOperationAsync(string model, string location, string operationName, CancellationToken cancellationToken)
    {
        using var request = backend.OperationRequest(model, location, operationName);
        var answer = await SendAsync<OperationAnswer>(request, "the operation", cancellationToken);
        return backend.ReadOperation(answer);
    }

    /// <summary>
    /// Downloads a video the Gemini API names by address. The key goes only to the API's own host: a redirect elsewhere
    /// (to where the file is kept) is followed without it.
    /// </summary>
    public async Task<byte[]> DownloadAsync(string address, CancellationToken cancellationToken)
    {
        var uri = new Uri(address, UriKind.Absolute);
        for (var redirects = 0; ; redirects++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            // Buffered, so the body is read within the attempt's time limit: a stalled download cannot hang the stage.
            using var response = await http.SendAsync(request, cancellationToken);
            if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location && redirects < MaxRedirects)
            {
                uri = location.IsAbsoluteUri ? location : new Uri(uri, location);
                continue;
            }

            await EnsureSuccessAsync(response, "video download", cancellationToken);
            return await response.Content.ReadAsByteArrayAsync(cancellationToken);
        }
    }

    private async Task<T> PostAsync<T>(string model, string location, string method, object body, CancellationToken cancellationToken, bool neverResend = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, backend.ModelUri(model, location, method))
        {
            Content = JsonContent.Create(body, options: GoogleAIJson.Options),
        };
        request.Options.Set(GoogleAIResilience.NeverResend, neverResend);
        try
        {
            return await SendAsync<T>(request, method, cancellationToken);
        }
        catch (HttpRequestException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            throw new SettingsRefusedException($"{backend.Name} has no model '{model}' for {method} ({ex.Message}); check {backend.SettingOf(model)}.", ex);
        }
    }

    private async Task<T> SendAsync<T>(HttpRequestMessage request, string call, CancellationToken cancellationToken)
    {
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var error = GoogleErrorOf(text);
            if (backend.RefusesCredentials(response.StatusCode, error))
            {
                throw new SettingsRefusedException(
                    $"{backend.Name} refused the credentials: {call} answered {(int)response.StatusCode} {Message(error, text)}. Nothing can be made until they change: {backend.CredentialsHint}.");
            }

            Throw(response, call, text, error);
        }

        try
        {
            return await response.Content.ReadFromJsonAsync<T>(GoogleAIJson.Options, cancellationToken)
                ?? throw new JsonException("empty answer");
        }
        catch (JsonException ex)
        {
            throw StageException.Transient($"{call} answered malformed JSON: {ex.Message}", ex, "malformed");
        }
    }

    internal static async Task EnsureSuccessAsync(HttpResponseMessage response, string call, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            Throw(response, call, text, GoogleErrorOf(text));
        }
    }

    [DoesNotReturn]
    private static void Throw(HttpResponseMessage response, string call, string body, GoogleError? error)
    {
        Activity.Current?.SetTag("videogen.google.status", (int)response.StatusCode);
        throw new HttpRequestException($"{call} answered {(int)response.StatusCode} {response.StatusCode}: {Message(error, body)}", null, response.StatusCode);
    }

    /// <summary>Google's status, message and <c>ErrorInfo</c> reason; the start of the body when it is not Google's envelope.</summary>
    private static string Message(GoogleError? error, string body) => error is null
        ? body.Length > 300 ? body[..300] : body
        : $"{error.Status} {error.Message}{(error.Reason is { } reason ? $" ({reason})" : "")}".Trim();

    private static GoogleError? GoogleErrorOf(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<GoogleErrorEnvelope>(text, GoogleAIJson.Options)?.Error;
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
            var details = JsonSerializer.Deserialize<GoogleErrorEnvelope>(body, GoogleAIJson.Options)?.Error?.Details ?? [];
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
