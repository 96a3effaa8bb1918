using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Registry;
using VideoGen.Worker.Ledger;
using VideoGen.Worker.Progress;
using VideoGen.Worker.Stages;
using VideoGen.Worker.Telemetry;

namespace VideoGen.Worker.Pipeline;

/// <summary>
/// Runs one stage for one lesson: a span under the lesson's span, retries of transient failures with
/// exponential backoff and jitter, the stage's time, and any failure turned into a value on the job.
/// </summary>
public sealed class StageRunner(
    PipelineTelemetry telemetry,
    RunProgress progress,
    ResiliencePipelineProvider<string> resilience,
    RunStop runStop,
    FailureStreak streak,
    TimeProvider time,
    ILogger<StageRunner> logger)
{
    private readonly ResiliencePipeline _retry = resilience.GetPipeline(StageRetry.PipelineName);

    public async Task<LessonJob> RunAsync(
        LessonJob job, string stage, Func<LessonJob, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        if (job.IsFailed)
        {
            return job;
        }

        // Payments made by the stage, and by what it starts, count to this lesson.
        LessonSpend.Running = job.Spend;
        using var activity = PipelineTelemetry.Source.StartActivity(stage, ActivityKind.Internal, job.Activity?.Context ?? default);
        var started = time.GetTimestamp();
        telemetry.StageStarted(stage);
        progress.StageStarted(stage, job.Lesson.Key);
        var context = ResilienceContextPool.Shared.Get(stage, cancellationToken);
        context.Properties.Set(StageRetry.JobKey, job);
        try
        {
            await _retry.ExecuteAsync(static (ctx, state) => new ValueTask(state.work(state.job, ctx.CancellationToken)), context, (work, job));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            job.Fail(stage, "the run was stopped before this lesson finished");
            activity?.SetStatus(ActivityStatusCode.Error, job.Error);
        }
        catch (Exception ex) when (ex is BudgetReachedException || ex.InnerException is BudgetReachedException)
        {
            // Not this lesson's fault either: it is made by a run with room in its budget.
            var reached = ex as BudgetReachedException ?? (BudgetReachedException)ex.InnerException!;
            job.Fail(stage, $"{stage}: stopped, {reached.Message}");
            activity?.SetStatus(ActivityStatusCode.Error, job.Error);
            logger.LogWarning("Stopping the run: {Reason}", reached.Message);
            runStop.StopAtBudget(reached.Message);
        }
        catch (SettingsRefusedException ex)
        {
            // Not this lesson's fault: it is made once the settings are right, so it is not failed for good.
            job.Fail(stage, $"{stage}: {ex.Message}");
            activity?.SetStatus(ActivityStatusCode.Error, job.Error);
            logger.LogError("Stopping the run: {Reason}", ex.Message);
            runStop.Stop(ex.Message);
        }
        catch (Exception ex)
        {
            var outOfSpace = !TransientFailure.Is(ex) && TransientFailure.IsOutOfSpace(job.WorkFolder.FullName);
            var transient = outOfSpace || TransientFailure.Is(ex);
            var error = outOfSpace ? $"{Describe(ex)} (no space left on device in {job.WorkFolder.FullName})" : Describe(ex);
            job.Fail(stage, $"{stage}: {error}", permanent: !transient);
            activity?.SetStatus(ActivityStatusCode.Error, job.Error);
            activity?.AddException(ex);
            logger.LogWarning("Lesson {Lesson} failed in {Stage}: {Error}", job.Lesson.Key, stage, error);
            if (transient)
            {
                streak.FailedTransiently(stage, error);
            }
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
            progress.StageEnded(stage, job.Lesson.Key);
            var elapsed = time.GetElapsedTime(started);
            job.StageMilliseconds[stage] = (long)elapsed.TotalMilliseconds;
            telemetry.StageFinished(stage, elapsed, !job.IsFailed);
        }

        return job;
    }

    public static string Describe(Exception exception) => exception switch
    {
        StageException => exception.Message,
        _ => $"{exception.GetType().Name}: {exception.Message}",
    };
}
