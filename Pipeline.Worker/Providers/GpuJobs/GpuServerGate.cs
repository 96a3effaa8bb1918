using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;

namespace VideoGen.Worker.Providers.GpuJobs;

/// <summary>A GPU job server taken for down: nothing is sent to it until it answers <c>/healthz</c> again.</summary>
public sealed class GpuServerDownException(string message, Exception? inner = null) : GpuJobFailedException(message, inner);

/// <summary>
/// Every request to one GPU job server passes here. The server's <c>/healthz</c> is asked first (once, shared by the
/// requests waiting on it), so a server that takes connections and never answers costs a short health timeout, not the
/// long request timeout each scene. A circuit breaker (Polly's) counts requests that get no answer: after
/// <c>BreakAfter</c> of them it opens, and every scene falls back at once, with one warning, for <c>BreakDuration</c>;
/// then the next request asks <c>/healthz</c> again, and the server is used again when it answers.
/// </summary>
public sealed class GpuServerGate
{
    private readonly GpuJobClient _client;
    private readonly GpuJobServerOptions _options;
    private readonly ResiliencePipeline _breaker;
    private readonly Lock _lock = new();
    private Task? _health;

    public GpuServerGate(GpuJobClient client, GpuJobServerOptions options, TimeProvider time, ILogger logger)
    {
        _client = client;
        _options = options;
        _breaker = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                // Every request in the window unanswered, and at least BreakAfter of them. The window is long enough to
                // hold several request timeouts, so requests sent one after another count together.
                FailureRatio = 1.0,
                MinimumThroughput = options.BreakAfter,
                SamplingDuration = TimeSpan.FromTicks(Math.Clamp(options.RequestTimeout.Ticks * 4, TimeSpan.FromMinutes(1).Ticks, TimeSpan.FromDays(1).Ticks)),
                BreakDuration = options.BreakDuration,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(NoAnswer),
                OnOpened = args =>
                {
                    logger.LogWarning(
                        "The {Server} server at {Address} gave no answer to {Count} requests in a row ({Error}); nothing is sent to it for {Break}, and scenes go on without it",
                        client.Server, client.Address, options.BreakAfter, args.Outcome.Exception?.Message, options.BreakDuration);
                    return ValueTask.CompletedTask;
                },
                OnHalfOpened = _ =>
                {
                    lock (_lock)
                    {
                        _health = null;
                    }

                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    logger.LogInformation("The {Server} server at {Address} answers again", client.Server, client.Address);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    public GpuJobClient Client => _client;

    /// <summary>Sends a request, unless the server is taken for down: then <see cref="GpuServerDownException"/> at once.</summary>
    public async Task<T> SendAsync<T>(Func<CancellationToken, Task<T>> request, CancellationToken cancellationToken)
    {
        try
        {
            return await _breaker.ExecuteAsync(async token =>
            {
                await HealthyAsync(token);
                return await request(token);
            }, cancellationToken);
        }
        catch (BrokenCircuitException ex)
        {
            throw new GpuServerDownException(
                $"the {_client.Server} server at {_client.Address} is taken for down after {_options.BreakAfter} requests without an answer; it is asked again after {_options.BreakDuration}", ex);
        }
    }

    /// <summary>
    /// The health check of this period, shared by every request: a failed one is forgotten so that the next request
    /// asks again, and a passed one holds until the breaker opens.
    /// </summary>
    private Task HealthyAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_health is null || _health.IsFaulted || _health.IsCanceled)
            {
                _health = _client.EnsureAnswersAsync(_options.HealthTimeout, CancellationToken.None);
            }

            return _health.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// What says the server is not there, or broken: no connection, no answer in time, a server error. Busy (429, 503) and
    /// refusing answers are answers.
    /// </summary>
    public static bool NoAnswer(Exception ex) =>
        ex is HttpRequestException { StatusCode: null or >= System.Net.HttpStatusCode.InternalServerError } or TimeoutException
            || ex is TaskCanceledException { InnerException: TimeoutException };
}
