using System.Diagnostics;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace VideoGen.Worker.Providers.Vertex;

/// <summary>
/// Retries of calls to Google: 429, 5xx, timeouts and dropped connections, with truncated exponential backoff and
/// jitter, waiting as long as Google asks when it says (Retry-After, or google.rpc.RetryInfo in the body).
/// Each attempt has its own time limit, long enough for generation calls.
/// </summary>
public static class VertexResilience
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(2);

    /// <summary>Set to false on a request whose 429 answers the caller handles itself.</summary>
    public static readonly HttpRequestOptionsKey<bool> RetryTooManyRequests = new("videogen.retry-429");

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, VertexOptions options)
    {
        if (options.HttpRetries > 0)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.HttpRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = options.HttpRetryJitter,
                Delay = options.HttpRetryBaseDelay,
                MaxDelay = MaxDelay,
                ShouldRetryAfterHeader = false,
                ShouldHandle = arguments => ValueTask.FromResult(
                    HttpClientResiliencePredicates.IsTransient(arguments.Outcome) &&
                    !(arguments.Outcome.Result is { StatusCode: System.Net.HttpStatusCode.TooManyRequests } refused &&
                      refused.RequestMessage?.Options.TryGetValue(RetryTooManyRequests, out var retry) == true && !retry)),
                DelayGenerator = async arguments =>
                {
                    if (arguments.Outcome.Result is not { } response)
                    {
                        return null;
                    }

                    await response.Content.LoadIntoBufferAsync(arguments.Context.CancellationToken);
                    var body = await response.Content.ReadAsStringAsync(arguments.Context.CancellationToken);
                    return VertexClient.RequestedDelay(response, body) is { } asked ? asked < MaxDelay ? asked : MaxDelay : null;
                },
                OnRetry = arguments =>
                {
                    Activity.Current?.AddEvent(new ActivityEvent("http.retry", tags: new ActivityTagsCollection
                    {
                        ["http.response.status_code"] = (int?)arguments.Outcome.Result?.StatusCode,
                        ["videogen.retry.attempt"] = arguments.AttemptNumber + 1,
                        ["videogen.retry.delay_ms"] = arguments.RetryDelay.TotalMilliseconds,
                        ["videogen.retry.reason"] = arguments.Outcome.Exception?.GetType().Name ?? arguments.Outcome.Result?.StatusCode.ToString(),
                    }));
                    return ValueTask.CompletedTask;
                },
            });
        }

        pipeline.AddTimeout(options.RequestTimeout);
    }
}
