using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Service;

/// <summary>
/// Redis going away must not end the service: a queue call waits and tries again, 2 s, 4 s, ... up to 30 s apart,
/// for as long as it takes, and the health check says the service is waiting for Redis meanwhile.
/// </summary>
public static class QueueRedisRetry
{
    public const string PipelineName = "catalog-queue-redis";

    public static IServiceCollection AddQueueRedisRetry(this IServiceCollection services) =>
        services.AddResiliencePipeline(PipelineName, (pipeline, context) =>
        {
            var state = context.ServiceProvider.GetRequiredService<CatalogServiceState>();
            var logger = context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger<CatalogService>();
            pipeline.TimeProvider = context.ServiceProvider.GetRequiredService<TimeProvider>();
            pipeline.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromSeconds(2),
                MaxDelay = TimeSpan.FromSeconds(30),
                ShouldHandle = new PredicateBuilder().Handle<Exception>(TransientFailure.Is),
                OnRetry = arguments =>
                {
                    state.Set("waiting for Redis");
                    logger.LogWarning("Redis is not answering ({Error}); trying again in {Delay:0} s",
                        arguments.Outcome.Exception?.GetType().Name, arguments.RetryDelay.TotalSeconds);
                    return ValueTask.CompletedTask;
                },
            });
        });
}
