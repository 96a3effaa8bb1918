using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using StackExchange.Redis;

namespace VideoGen.Worker.Ledger;

/// <summary>
/// Rides out a Redis outage in the middle of a run: a ledger write that cannot reach Redis waits and tries again
/// with backoff (capped at 10 s) until Redis is back, rather than failing a lesson whose work is done. It gives up
/// once the outage has lasted <see cref="LedgerOptions.RedisOutageTolerance"/>.
/// </summary>
public static class RedisOutage
{
    public const string PipelineName = "redis-outage";

    private static readonly ResiliencePropertyKey<long> OutageStarted = new("videogen.redis-outage.started");

    public static IServiceCollection AddRedisOutagePipeline(this IServiceCollection services) =>
        services.AddResiliencePipeline(PipelineName, (pipeline, context) =>
        {
            var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
            var tolerance = context.ServiceProvider.GetRequiredService<IOptions<LedgerOptions>>().Value.RedisOutageTolerance;
            var logger = context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RedisOutage));
            pipeline.TimeProvider = time;
            pipeline.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromMilliseconds(200),
                MaxDelay = TimeSpan.FromSeconds(10),
                ShouldHandle = arguments => ValueTask.FromResult(
                    arguments.Outcome.Exception is RedisConnectionException or RedisTimeoutException &&
                    OutageLasted(arguments.Context, time) < tolerance),
                OnRetry = arguments =>
                {
                    logger.LogWarning("Redis is unavailable ({Error}); {What} waits {Wait:0.0} s and tries again",
                        arguments.Outcome.Exception?.GetType().Name, arguments.Context.OperationKey, arguments.RetryDelay.TotalSeconds);
                    return ValueTask.CompletedTask;
                },
            });
        });

    /// <summary>Runs a ledger write through the outage pipeline; <paramref name="what"/> names it in the logs.</summary>
    public static async Task WaitThroughAsync(this ResiliencePipeline pipeline, Func<Task> write, string what, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(what, cancellationToken);
        try
        {
            await pipeline.ExecuteAsync(static async (_, write) => await write(), context, write);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    // The outage is timed from its first refused write, not from the start of the lesson's store.
    private static TimeSpan OutageLasted(ResilienceContext context, TimeProvider time)
    {
        if (!context.Properties.TryGetValue(OutageStarted, out var started))
        {
            started = time.GetTimestamp();
            context.Properties.Set(OutageStarted, started);
        }

        return time.GetElapsedTime(started);
    }
}
