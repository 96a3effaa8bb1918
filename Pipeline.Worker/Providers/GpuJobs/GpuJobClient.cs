using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace VideoGen.Worker.Providers.GpuJobs;

/// <summary>A job's state as the server reports it.</summary>
public sealed record GpuJobStatus(string State, GpuMedia? Output, string? Error);

/// <summary>The server answered that it started nothing now (429 busy, 503 starting): the same request may be sent later.</summary>
public sealed class GpuServerBusyException(HttpStatusCode status, TimeSpan? retryAfter)
    : Exception($"the server answered {(int)status} ({(status == HttpStatusCode.TooManyRequests ? "every GPU busy" : "starting")})")
{
    public HttpStatusCode Status { get; } = status;

    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>
/// The HTTP side of the GPU job contract (<c>POST /v1/jobs</c>, <c>GET /v1/jobs/{id}</c>), for one server. The
/// <see cref="HttpClient"/> carries the server's address, time limit and token; nothing here logs a header.
/// </summary>
/// <param name="section">The server's settings section, named where a setting is wrong.</param>
public sealed class GpuJobClient(HttpClient http, string server, string section)
{
    /// <summary>The model the server runs (<c>neoverse</c>, <c>avatarforcing</c>): the name in spans, metrics and messages.</summary>
    public string Server { get; } = server;

    /// <summary>The server's scheme, host and port: never credentials that may be in its address.</summary>
    public string Address => http.BaseAddress?.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped) ?? "";

    /// <summary>Submits a job and returns its id: a new job's, or the running or finished job's that has the same key.</summary>
    public async Task<string> SubmitAsync(GpuJobRequest job, CancellationToken cancellationToken)
    {
        var inputs = new JsonObject();
        foreach (var (role, media) in job.Inputs)
        {
            inputs[role] = new JsonObject { ["mimeType"] = media.MimeType, ["data"] = Convert.ToBase64String(media.Data) };
        }

        var body = new JsonObject
        {
            ["task"] = job.Task,
            ["idempotencyKey"] = job.IdempotencyKey,
            ["inputs"] = inputs,
            ["parameters"] = job.Parameters.DeepClone(),
        };
        using var response = await http.PostAsJsonAsync("v1/jobs", body, cancellationToken);
        if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
        {
            throw new GpuServerBusyException(response.StatusCode, RetryAfter(response));
        }

        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity or HttpStatusCode.RequestEntityTooLarge)
        {
            throw new GpuJobFailedException($"the {Server} server refused the job ({(int)response.StatusCode}): {await MessageAsync(response, cancellationToken)}");
        }

        RefuseToken(response);
        response.EnsureSuccessStatusCode();
        var answer = await ReadAsync(response, cancellationToken);
        return Text(answer["id"]) is { Length: > 0 } id
            ? id
            : throw new GpuJobFailedException($"the {Server} server accepted a job without giving its id");
    }

    /// <summary>The job's state, or null when the server does not know it (it restarted): then it is submitted again.</summary>
    public async Task<GpuJobStatus?> GetAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"v1/jobs/{Uri.EscapeDataString(id)}", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        RefuseToken(response);
        response.EnsureSuccessStatusCode();
        var answer = await ReadAsync(response, cancellationToken);
        var output = answer["output"] is JsonObject media && Text(media["data"]) is { } data
            ? new GpuMedia(Text(media["mimeType"]) ?? "", Decode(data))
            : null;
        var error = answer["error"] is JsonObject failure ? Text(failure["message"]) : Text(answer["error"]);
        return new GpuJobStatus(Text(answer["state"]) ?? "", output, error);
    }

    /// <summary>
    /// Throws unless the server answers <c>/healthz</c> within <paramref name="timeout"/>. Any answer will do: a server
    /// still loading its weights (503) is there, and its busy answers to jobs are waited out.
    /// </summary>
    public async Task EnsureAnswersAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            using var response = await http.GetAsync("healthz", HttpCompletionOption.ResponseHeadersRead, limit.Token);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"the {Server} server at {Address} did not answer /healthz within {timeout.TotalSeconds:0.#} s", ex);
        }
    }

    /// <summary>The answer as a JSON object; anything else is a server that cannot be understood, and no use waiting for.</summary>
    private async Task<JsonObject> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<JsonNode>(cancellationToken) as JsonObject
                ?? throw new GpuJobFailedException($"the {Server} server answered something other than a JSON object");
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new GpuJobFailedException($"the {Server} server answered malformed JSON: {ex.Message}", ex);
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private byte[] Decode(string data)
    {
        try
        {
            return Convert.FromBase64String(data);
        }
        catch (FormatException ex)
        {
            throw new GpuJobFailedException($"the {Server} server answered an output that is not base64", ex);
        }
    }

    private void RefuseToken(HttpResponseMessage response)
    {
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new GpuJobFailedException(
                $"the {Server} server refused the token ({(int)response.StatusCode}); check {section}:Token");
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter?.Delta ?? (response.Headers.RetryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);

    private static async Task<string> MessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            return JsonNode.Parse(text)?["error"]?["message"]?.GetValue<string>() ?? text;
        }
        catch (System.Text.Json.JsonException)
        {
            return text.Length > 200 ? text[..200] : text;
        }
    }
}
