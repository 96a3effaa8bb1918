using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VideoGen.Worker.Catalog;
using VideoGen.Worker.CommandLine;
using VideoGen.Worker.Ledger;
using VideoGen.Worker.Pipeline;
using VideoGen.Worker.Progress;
using VideoGen.Worker.Reporting;
using VideoGen.Worker.Stages;
using VideoGen.Worker.Telemetry;

namespace VideoGen.Worker.Batch;

/// <summary>
/// One run over a catalog: read it, plan what is already finished, claim the rest and send it through the
/// pipeline, then write the report. Returns the process exit code.
/// </summary>
public sealed class CatalogRun(
    IOptions<WorkerOptions> options,
    IOptions<PipelineOptions> pipelineOptions,
    ILessonLedger ledger,
    SkipPlanner planner,
    LessonClaims claims,
    LessonPipeline pipeline,
    FailureList failureList,
    DryRun dryRun,
    Func<RunResults> newResults,
    ProgressReporter progressReporter,
    ReportWriter reports,
    PipelineTelemetry telemetry,
    TimeProvider time,
    ILogger<CatalogRun> logger)
{
    private readonly WorkerOptions _options = options.Value;

    public Task<int> RunAsync(CancellationToken cancellationToken) => RunAsync(_options.Catalog, cancellationToken);

    /// <summary>Makes one catalog's videos; returns the exit code the run deserves.</summary>
    public async Task<int> RunAsync(string catalog, CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        var spentBefore = telemetry.Spent;
        IReadOnlyList<Lesson> lessons;
        WorkFolders work;
        try
        {
            lessons = await CatalogReader.ReadAsync(catalog, cancellationToken);
            Directory.CreateDirectory(_options.Output);
            work = new WorkFolders(_options.Output, time);
            work.RemoveAbandoned();
            await ledger.EnsureReachableAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is CatalogFormatException or LedgerUnavailableException or IOException or UnauthorizedAccessException)
        {
            logger.LogError("The run cannot start: {Reason}", ex.Message);
            Console.Error.WriteLine($"error: {ex.Message}");
            return ExitCodes.CannotStart;
        }

        if (_options.ListFailed)
        {
            await failureList.PrintAsync(catalog, lessons, cancellationToken);
            return ExitCodes.Success;
        }

        var results = newResults();
        results.Planned(lessons.Count);
        var toMake = await planner.PlanAsync(lessons, results, cancellationToken);
        var (invalid, skipped) = (lessons.Count(l => !l.IsValid), results.Count(LessonStatus.Skipped));
        logger.LogInformation(
            "Catalog {Catalog}: {Lessons} lessons, {Invalid} invalid, {Skipped} already made, {ToMake} to make with the {Provider} provider",
            catalog, lessons.Count, invalid, skipped, toMake.Count, _options.Provider);
        if (_options.DryRun)
        {
            await dryRun.PrintAsync(lessons.Count, skipped, invalid, toMake, cancellationToken);
            return ExitCodes.Success;
        }

        await MakeAsync(toMake, work, results, cancellationToken);
        results.NotStarted(toMake);
        await RecordFailuresAsync(results.FailedJobs);
        work.RemoveOwn();

        var report = RunReport.Create(catalog, _options.Provider, startedAt, time.GetUtcNow(), results.All, telemetry.Spent.Since(spentBefore));
        await reports.WriteAsync(report, _options.Output, CancellationToken.None);
        reports.LogSummary(report);
        return report.Totals.Failed == 0 ? ExitCodes.Success : ExitCodes.LessonsFailed;
    }

    private async Task MakeAsync(List<PlannedLesson> toMake, WorkFolders work, RunResults results, CancellationToken stopping)
    {
        // Once stopping, lessons in flight get the grace period to finish, then they are abandoned.
        using var abandon = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        var grace = pipelineOptions.Value.ShutdownGracePeriod;
        await using var onStop = stopping.Register(() =>
        {
            logger.LogWarning("Stopping: no new lessons; lessons in flight have {Grace} to finish", grace);
            abandon.CancelAfter(grace);
        });
        await using (progressReporter.Start())
        {
            await pipeline.RunAsync(claims.ClaimAsync(toMake, results, stopping), work, results.Finished, stopping, abandon.Token);
        }
    }

    /// <summary>Keeps each failure in Redis, so the next run knows what failed, why, and whether trying again can help.</summary>
    private async Task RecordFailuresAsync(IEnumerable<LessonJob> failed)
    {
        try
        {
            await Task.WhenAll(failed.Select(job => ledger.RecordFailureAsync(job.Lesson.Key,
                new LessonFailure(job.Error!, job.FailedStage, job.Attempts, job.FailedPermanently, job.Fingerprint, time.GetUtcNow()),
                CancellationToken.None)));
        }
        catch (Exception ex) when (TransientFailure.Is(ex))
        {
            logger.LogWarning("Could not record the failures in Redis ({Error}); the next run tries those lessons again", ex.Message);
        }
    }
}
