using System.Diagnostics;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace VideoGen.Worker.Providers.GoogleAI;

/// <summary>
/// Retries of calls to Google: 429, 5xx, timeouts and dropped connections, with truncated exponential backoff and
/// jitter, waiting as long as Google asks when it says (Retry-After, or google.rpc.RetryInfo in the body).
/// Each attempt has its own time limit, long enough for generation calls.
/// </summary>
public static class GoogleAIResilience
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Set on a request that must never be sent twice by this handler: a paid submission whose answer may be lost. Its
    /// caller decides what a failure means (started, not started or unknown).
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> NeverResend = new("videogen.never-resend");

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, GoogleAIOptions options)
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
                    !(arguments.Context.GetRequestMessage()?.Options.TryGetValue(NeverResend, out var never) == true && never)),
                DelayGenerator = async arguments =>
                {
                    if (arguments.Outcome.Result is not { } response)
                    {
                        return null;
                    }

                    await response.Content.LoadIntoBufferAsync(arguments.Context.CancellationToken);
                    var body = await response.Content.ReadAsStringAsync(arguments.Context.CancellationToken);
                    return GenAIClient.RequestedDelay(response, body) is { } asked ? asked < MaxDelay ? asked : MaxDelay : null;
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
