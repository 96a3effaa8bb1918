using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Providers.GoogleAI;

/// <summary>The two retries around a Veo submission: the start refused for quota, and the save of a started operation.</summary>
public static class VeoRetries
{
    /// <summary>
    /// A start refused with 429 (Veo's quota is full) is tried again at once the first time, since the shared clip limit has
    /// just come down; after that with exponential backoff and jitter, capped at two minutes; ten refusals in all.
    /// </summary>
    public const string Start = "veo-start";

    /// <summary>
    /// Saving a started operation's name must not fail the stage: a retried stage would start (and pay for) another
    /// operation. A Redis hiccup is tried again 2, 4, 8, 16 and 32 s later.
    /// </summary>
    public const string SaveOperation = "veo-save-operation";

    public const int MaxRefusals = 10;

    private static readonly TimeSpan MaxStartDelay = TimeSpan.FromMinutes(2);

    public static IServiceCollection AddVeoRetries(this IServiceCollection services)
    {
        services.AddResiliencePipeline(Start, (pipeline, context) =>
        {
            var baseDelay = context.ServiceProvider.GetRequiredService<IOptions<GoogleAIOptions>>().Value.HttpRetryBaseDelay;
            pipeline.TimeProvider = context.ServiceProvider.GetRequiredService<TimeProvider>();
            pipeline.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = MaxRefusals - 1,
                ShouldHandle = new PredicateBuilder().Handle<HttpRequestException>(ex => ex.StatusCode == HttpStatusCode.TooManyRequests),
                DelayGenerator = arguments => ValueTask.FromResult<TimeSpan?>(StartDelay(arguments.AttemptNumber, baseDelay)),
            });
        });
        services.AddResiliencePipeline(SaveOperation, (pipeline, context) =>
        {
            pipeline.TimeProvider = context.ServiceProvider.GetRequiredService<TimeProvider>();
            pipeline.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = 5,
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromSeconds(2),
                ShouldHandle = new PredicateBuilder().Handle<Exception>(TransientFailure.Is),
            });
        });
        return services;
    }

    /// <summary>The wait before trying a refused start again: none after the first refusal, then doubling, with jitter.</summary>
    public static TimeSpan StartDelay(int retry, TimeSpan baseDelay)
    {
        if (retry == 0)
        {
            return TimeSpan.Zero;
        }

        var delay = baseDelay * Math.Pow(2, retry - 1) * (0.5 + Random.Shared.NextDouble());
        return delay < MaxStartDelay ? delay : MaxStartDelay;
    }
}
