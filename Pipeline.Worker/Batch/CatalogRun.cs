using System.Security.Cryptography;
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
    RunProgress progress,
    ReportWriter reports,
    PipelineTelemetry telemetry,
    RunStop runStop,
    FailureStreak failureStreak,
    SpendBudget budget,
    ICostModel costs,
    TimeProvider time,
    ILogger<CatalogRun> logger)
{
    private readonly WorkerOptions _options = options.Value;

    public Task<int> RunAsync(CancellationToken cancellationToken) => RunAsync(_options.Catalog, cancellationToken);

    /// <summary>
    /// Makes one catalog's videos; returns the exit code the run deserves. With <paramref name="shared"/>, the catalog is
    /// made together with other workers: outcomes go to its shared state, and only the worker that settles its last
    /// lesson writes the report, from that state, in the catalog's own folder.
    /// </summary>
    public async Task<int> RunAsync(string catalog, CancellationToken cancellationToken, SharedCatalog? shared = null)
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
            // The cap holds for the catalog across workers and runs: a shared catalog by its id, a catalog file by its content.
            budget.Begin(shared?.Id ?? Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(catalog, cancellationToken)))[..16], _options.MaxSpend);
        }
        catch (Exception ex) when (ex is CatalogFormatException or LedgerUnavailableException or IOException or UnauthorizedAccessException)
        {
            logger.LogError("The run cannot start: {Reason}", ex.Message);
            Console.Error.WriteLine($"error: {ex.Message}");
            if (ex is CatalogFormatException && shared is not null)
            {
                await shared.RejectAsync(ex.Message);
            }

            return ExitCodes.CannotStart;
        }

        if (_options.ListFailed)
        {
            await failureList.PrintAsync(catalog, lessons, cancellationToken);
            return ExitCodes.Success;
        }

        // A lesson whose failure would be every lesson's stops the run: no lesson is taken or started after it. Lessons
        // in flight go on (a paid request under way is not cut off), and what fails after the stop is not shared.
        runStop.Reset();
        failureStreak.Reset();
        using var stopTaking = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, runStop.Token);
        var results = newResults();
        results.Planned(lessons.Count);
        if (shared is not null && !_options.DryRun)
        {
            await shared.BeginAsync(lessons.Count);
            results.ShareWith(shared, stopTaking.Token);
        }

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

        if (budget.Cap is { } cap && costs.Estimate(toMake.Select(p => p.Lesson).ToList()) is { IsKnown: false } unknown)
        {
            var reason = $"--max-spend {cap} cannot be kept without a price for {string.Join(", ", unknown.Unpriced!)}";
            logger.LogError("The run cannot start: {Reason}", reason);
            Console.Error.WriteLine($"error: {reason}");
            return ExitCodes.CannotStart;
        }

        await MakeAsync(toMake, work, results, shared, cancellationToken, stopTaking.Token);
        await RecordFailuresAsync(results.FailedJobs);
        work.RemoveOwn();
        if (shared is not null)
        {
            // Lessons this worker did not make are the others' to make, or made by them already: not failures here.
            var ended = await EndSharedAsync(shared, results, cancellationToken);
            return runStop.AtBudget ? ExitCodes.BudgetReached : ended;
        }

        results.NotStarted(toMake, runStop.NotStartedReason ?? RunResults.NotStartedReason);

        var report = RunReport.Create(catalog, _options.Provider, startedAt, time.GetUtcNow(), results.All, telemetry.Spent.Since(spentBefore));
        await reports.WriteAsync(report, _options.Output, CancellationToken.None);
        reports.LogSummary(report);
        if (report.Totals.Failed == 0 && runStop.Reason is null)
        {
            // Made: the next run of the catalog starts its budget again.
            await budget.ForgetAsync();
        }

        return runStop.AtBudget ? ExitCodes.BudgetReached
            : runStop.Reason is not null ? ExitCodes.CannotStart
            : report.Totals.Failed == 0 ? ExitCodes.Success : ExitCodes.LessonsFailed;
    }

    /// <summary>The report of a shared catalog, written by the worker whose outcome was its last.</summary>
    private async Task<int> EndSharedAsync(SharedCatalog shared, RunResults results, CancellationToken stopping)
    {
        var completedHere = await results.SharedAsync();
        var here = results.All;
        logger.LogInformation("This worker's part of catalog {Catalog} ({Id}): {Made} made, {Failed} failed",
            shared.Name, shared.Id, here.Count(r => r.Status == LessonStatus.Succeeded), here.Count(r => r.Status == LessonStatus.Failed));
        if (!completedHere || stopping.IsCancellationRequested)
        {
            return ExitCodes.Success;
        }

        var report = await WriteSharedReportAsync(shared);
        return report.Totals.Failed == 0 ? ExitCodes.Success : ExitCodes.LessonsFailed;
    }

    /// <summary>Writes a finished shared catalog's report from Redis and retires the catalog.</summary>
    public async Task<RunReport> WriteSharedReportAsync(SharedCatalog shared)
    {
        var report = await shared.ReportAsync(_options.Provider);
        await budget.ForgetAsync();
        var folder = await reports.WriteCatalogAsync(report, _options.Output, shared.Id, CancellationToken.None);
        await shared.FinishAsync();
        logger.LogInformation("Catalog {Catalog} ({Id}) is finished; its report is in {Folder}", shared.Name, shared.Id, folder);
        reports.LogSummary(report);
        return report;
    }

    private async Task MakeAsync(
        List<PlannedLesson> toMake, WorkFolders work, RunResults results, SharedCatalog? shared, CancellationToken stopping, CancellationToken stopTaking)
    {
        // Once stopping, lessons in flight get the grace period to finish, then they are abandoned.
        using var abandon = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        var grace = pipelineOptions.Value.ShutdownGracePeriod;
        await using var onStop = stopping.Register(() =>
        {
            logger.LogWarning("Stopping: no new lessons; lessons in flight have {Grace} to finish", grace);
            abandon.CancelAfter(grace);
        });
        await using (shared?.FollowProgress(progress, time))
        await using (progressReporter.Start())
        {
                await pipeline.RunAsync(claims.ClaimAsync(toMake, results, stopTaking), work, results.FinishedAsync, stopTaking, abandon.Token);
        }

        if (runStop.Reason is { } reason)
        {
            Console.Error.WriteLine($"error: {reason}");
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
