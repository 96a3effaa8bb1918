using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Retry;
using Polly;
using VideoGen.Worker.Progress;
using VideoGen.Worker.Stages;
using VideoGen.Worker.Telemetry;

namespace VideoGen.Worker.Pipeline;

/// <summary>
/// Runs one stage for one lesson: a span under the lesson's span, retries of transient failures with
/// exponential backoff and jitter, the stage's time, and any failure turned into a value on the job.
/// </summary>
public sealed class StageRunner
{
    private static readonly ResiliencePropertyKey<LessonJob> JobKey = new("videogen.job");

    private readonly PipelineTelemetry _telemetry;
    private readonly RunProgress _progress;
    private readonly TimeProvider _time;
    private readonly ILogger<StageRunner> _logger;
    private readonly ResiliencePipeline _retry;

    public StageRunner(
        PipelineTelemetry telemetry, RunProgress progress, IOptions<PipelineOptions> options, TimeProvider time, ILogger<StageRunner> logger)
    {
        _telemetry = telemetry;
        _progress = progress;
        _time = time;
        _logger = logger;
        var settings = options.Value;
        _retry = settings.MaxRetries == 0
            ? ResiliencePipeline.Empty
            : new ResiliencePipelineBuilder { TimeProvider = time }
                .AddRetry(new RetryStrategyOptions
                {
                    ShouldHandle = new PredicateBuilder().Handle<Exception>(TransientFailure.Is),
                    MaxRetryAttempts = settings.MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = settings.RetryBaseDelay,
                    OnRetry = OnRetry,
                })
                .Build();
    }

    public async Task<LessonJob> RunAsync(
        LessonJob job, string stage, Func<LessonJob, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        if (job.IsFailed)
        {
            return job;
        }

        using var activity = PipelineTelemetry.Source.StartActivity(stage, ActivityKind.Internal, job.Activity?.Context ?? default);
        var started = _time.GetTimestamp();
        _telemetry.StageStarted(stage);
        _progress.StageStarted(stage, job.Lesson.Key);
        var context = ResilienceContextPool.Shared.Get(stage, cancellationToken);
        context.Properties.Set(JobKey, job);
        try
        {
            await _retry.ExecuteAsync(static (ctx, state) => new ValueTask(state.work(state.job, ctx.CancellationToken)), context, (work, job));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            job.Fail(stage, "the run was stopped before this lesson finished");
            activity?.SetStatus(ActivityStatusCode.Error, job.Error);
        }
        catch (Exception ex)
        {
            job.Fail(stage, $"{stage}: {Describe(ex)}", permanent: !TransientFailure.Is(ex));
            activity?.SetStatus(ActivityStatusCode.Error, job.Error);
            activity?.AddException(ex);
            _logger.LogWarning("Lesson {Lesson} failed in {Stage}: {Error}", job.Lesson.Key, stage, Describe(ex));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
            _progress.StageEnded(stage, job.Lesson.Key);
            var elapsed = _time.GetElapsedTime(started);
            job.StageMilliseconds[stage] = (long)elapsed.TotalMilliseconds;
            _telemetry.StageFinished(stage, elapsed, !job.IsFailed);
        }

        return job;
    }

    private ValueTask OnRetry(OnRetryArguments<object> arguments)
    {
        var job = arguments.Context.Properties.GetValue(JobKey, null!);
        var stage = arguments.Context.OperationKey ?? "stage";
        job.Retries++;
        var exception = arguments.Outcome.Exception;
        _telemetry.StageRetried(stage, exception is null ? "unknown" : TransientFailure.Reason(exception));
        var reason = exception is null ? "unknown" : Describe(exception);
        Activity.Current?.AddEvent(new ActivityEvent("retry", tags: new ActivityTagsCollection
        {
            ["videogen.retry.attempt"] = arguments.AttemptNumber + 1,
            ["videogen.retry.delay_ms"] = arguments.RetryDelay.TotalMilliseconds,
            ["videogen.retry.reason"] = reason,
        }));
        _logger.LogInformation("Retrying {Stage} of {Lesson} in {Delay:0.0} s after: {Reason}",
            stage, job.Lesson.Key, arguments.RetryDelay.TotalSeconds, reason);
        return ValueTask.CompletedTask;
    }

    private static string Describe(Exception exception) => exception switch
    {
        StageException => exception.Message,
        _ => $"{exception.GetType().Name}: {exception.Message}",
    };
}
