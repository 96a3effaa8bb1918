using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using VideoGen.Worker.Stages;
using VideoGen.Worker.Telemetry;

namespace VideoGen.Worker.Pipeline;

/// <summary>
/// A stage that failed for a reason that can pass (a timeout, 429, 5xx, a dropped connection) is tried again, up to
/// <c>Pipeline:MaxRetries</c> times, after exponentially growing delays with jitter; each retry is counted on the job,
/// in the metrics and as an event on the stage's span.
/// </summary>
public static class StageRetry
{
    public const string PipelineName = "lesson-stage";

    /// <summary>The job a stage runs for, so that a retry is counted on it.</summary>
    public static readonly ResiliencePropertyKey<LessonJob> JobKey = new("videogen.job");

    public static IServiceCollection AddStageRetry(this IServiceCollection services) =>
        services.AddResiliencePipeline(PipelineName, (pipeline, context) =>
        {
            var settings = context.ServiceProvider.GetRequiredService<IOptions<PipelineOptions>>().Value;
            var telemetry = context.ServiceProvider.GetRequiredService<PipelineTelemetry>();
            var logger = context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StageRetry));
            pipeline.TimeProvider = context.ServiceProvider.GetRequiredService<TimeProvider>();
            if (settings.MaxRetries == 0)
            {
                return;
            }

            pipeline.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(TransientFailure.Is),
                MaxRetryAttempts = settings.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.RetryBaseDelay,
                OnRetry = arguments => OnRetry(arguments, telemetry, logger),
            });
        });

    private static ValueTask OnRetry(OnRetryArguments<object> arguments, PipelineTelemetry telemetry, ILogger logger)
    {
        var job = arguments.Context.Properties.GetValue(JobKey, null!);
        var stage = arguments.Context.OperationKey ?? "stage";
        job.Retries++;
        var exception = arguments.Outcome.Exception;
        telemetry.StageRetried(stage, exception is null ? "unknown" : TransientFailure.Reason(exception));
        var reason = exception is null ? "unknown" : StageRunner.Describe(exception);
        Activity.Current?.AddEvent(new ActivityEvent("retry", tags: new ActivityTagsCollection
        {
            ["videogen.retry.attempt"] = arguments.AttemptNumber + 1,
            ["videogen.retry.delay_ms"] = arguments.RetryDelay.TotalMilliseconds,
            ["videogen.retry.reason"] = reason,
        }));
        logger.LogInformation("Retrying {Stage} of {Lesson} in {Delay:0.0} s after: {Reason}",
            stage, job.Lesson.Key, arguments.RetryDelay.TotalSeconds, reason);
        return ValueTask.CompletedTask;
    }
}
