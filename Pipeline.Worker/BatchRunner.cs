using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VideoGen.Worker.Catalog;
using VideoGen.Worker.Ledger;
using VideoGen.Worker.Pipeline;
using VideoGen.Worker.Progress;
using VideoGen.Worker.Providers;
using VideoGen.Worker.Reporting;
using VideoGen.Worker.Telemetry;

namespace VideoGen.Worker;

/// <summary>
/// One run over a catalog: read it, decide in bulk what is already finished, send the rest through the
/// pipeline, then write the report. Returns the process exit code.
/// </summary>
public sealed class BatchRunner(
    IOptions<WorkerOptions> options,
    ILessonLedger ledger,
    LessonLeases leases,
    IOperationLedger operations,
    ILessonStore store,
    LessonFingerprint fingerprints,
    LessonPipeline pipeline,
    IOptions<PipelineOptions> pipelineOptions,
    PipelineTelemetry telemetry,
    RunProgress progress,
    ProgressReporter progressReporter,
    ReportWriter reports,
    ICostModel costs,
    TimeProvider time,
    ILogger<BatchRunner> logger)
{
    private readonly WorkerOptions _options = options.Value;

    public Task<int> RunAsync(CancellationToken cancellationToken) => RunAsync(_options.Catalog, cancellationToken);

    /// <summary>Makes one catalog's videos; returns the exit code the run deserves.</summary>
    public async Task<int> RunAsync(string catalog, CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
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
            return CannotStart(ex.Message);
        }

        if (_options.ListFailed)
        {
            await ListFailuresAsync(catalog, lessons, cancellationToken);
            return ExitCodes.Success;
        }

        var results = new ConcurrentBag<LessonResult>();
        progress.Planned(lessons.Count);
        var toMake = await PlanAsync(lessons, results, cancellationToken);
        logger.LogInformation(
            "Catalog {Catalog}: {Lessons} lessons, {Invalid} invalid, {Skipped} already made, {ToMake} to make with the {Provider} provider",
            catalog, lessons.Count, lessons.Count(l => !l.IsValid), results.Count(r => r.Status == LessonStatus.Skipped),
            toMake.Count, _options.Provider);

        if (_options.DryRun)
        {
            var estimate = costs.Estimate(toMake.Count);
            Console.Out.WriteLine(
                $"Dry run with the {_options.Provider} provider: {lessons.Count} lessons in the catalog, " +
                $"{results.Count(r => r.Status == LessonStatus.Skipped)} already made, {lessons.Count(l => !l.IsValid)} invalid. " +
                $"Would make {estimate.Lessons} lessons with {estimate.Clips} Veo clips ({estimate.VideoSeconds} s of generated video), " +
                $"estimated cost ${estimate.Dollars.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)}. Nothing was generated.");
            return ExitCodes.Success;
        }

        var jobs = ClaimedJobsAsync(toMake, work, results, cancellationToken);
        var failedJobs = new ConcurrentBag<LessonJob>();
        var indexOf = toMake.Select((item, i) => (item.Lesson.Key, item.Index)).ToDictionary(p => p.Key, p => p.Index);
        // Once stopping, lessons in flight get the grace period to finish, then they are abandoned.
        using var abandon = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        var grace = pipelineOptions.Value.ShutdownGracePeriod;
        await using var onStop = cancellationToken.Register(() =>
        {
            logger.LogWarning("Stopping: no new lessons; lessons in flight have {Grace} to finish", grace);
            abandon.CancelAfter(grace);
        });
        await using (progressReporter.Start())
        {
            await pipeline.RunAsync(jobs, job =>
            {
                results.Add(Record(indexOf[job.Lesson.Key], job));
                if (job.IsFailed)
                {
                    failedJobs.Add(job);
                }
            }, cancellationToken, abandon.Token);
        }

        // Lessons the pipeline never took in because the run was stopped.
        var reported = results.Select(r => r.CatalogIndex).ToHashSet();
        foreach (var item in toMake.Where(item => !reported.Contains(item.Index)))
        {
            results.Add(Result(item.Index, item.Lesson, LessonStatus.Failed, error: LessonPipeline.NotStarted));
            Count(LessonStatus.Failed, item.Lesson);
        }

        await RecordFailuresAsync(failedJobs);
        work.RemoveOwn();
        var report = RunReport.Create(catalog, _options.Provider, startedAt, time.GetUtcNow(), results);
        await reports.WriteAsync(report, _options.Output, CancellationToken.None);
        reports.LogSummary(report);
        return report.Totals.Failed == 0 ? ExitCodes.Success : ExitCodes.LessonsFailed;
    }

    /// <summary>
    /// A job for each lesson this worker can claim. Lessons another worker holds are looked at again until that
    /// worker has made them (they then count as skipped) or its claim has expired (this worker then makes them).
    /// </summary>
    private async IAsyncEnumerable<LessonJob> ClaimedJobsAsync(
        List<PlannedLesson> toMake, WorkFolders work, ConcurrentBag<LessonResult> results,
        [EnumeratorCancellation] CancellationToken stopTaking)
    {
        var held = new List<PlannedLesson>();
        foreach (var item in toMake)
        {
            if (await TryClaimAsync(item.Lesson) is { } lease)
            {
                yield return Job(item.Lesson, item.Fingerprint, work, lease);
            }
            else
            {
                held.Add(item);
            }
        }

        while (held.Count > 0 && !stopTaking.IsCancellationRequested)
        {
            logger.LogInformation("{Count} lessons are being made by other workers; looking again shortly", held.Count);
            await Task.Delay(pipelineOptions.Value.LeaseTime / 4, time, CancellationToken.None);
            var finished = await ReadFinishedOrNoneAsync(held);
            var stillHeld = new List<PlannedLesson>();
            foreach (var item in held)
            {
                if (finished.TryGetValue(item.Lesson.Key, out var made) && made == item.Fingerprint && await store.FindVideoAsync(item.Lesson.Key, CancellationToken.None) is { } video)
                {
                    results.Add(Result(item.Index, item.Lesson, LessonStatus.Skipped, video) with { Attempts = 0 });
                    Count(LessonStatus.Skipped, item.Lesson);
                }
                else if (await TryClaimAsync(item.Lesson) is { } lease)
                {
                    yield return Job(item.Lesson, item.Fingerprint, work, lease);
                }
                else
                {
                    stillHeld.Add(item);
                }
            }

            held = stillHeld;
        }
    }

    private LessonJob Job(Lesson lesson, string fingerprint, WorkFolders work, LessonLeases.Lease lease) =>
        new(lesson, fingerprint, work.For(lesson.Key), PipelineTelemetry.StartLesson(lesson.CourseId, lesson.Id, _options.Provider))
        {
            Lease = lease,
        };

    /// <summary>A claim, or null when another worker holds the lesson or Redis cannot say right now.</summary>
    private async Task<LessonLeases.Lease?> TryClaimAsync(Lesson lesson)
    {
        try
        {
            return await leases.TryAcquireAsync(lesson.Key);
        }
        catch (Exception ex) when (TransientFailure.Is(ex))
        {
            logger.LogWarning("Could not claim {Lesson} ({Error}); trying again later", lesson.Key, ex.Message);
            return null;
        }
    }

    private async Task<IReadOnlyDictionary<LessonKey, string>> ReadFinishedOrNoneAsync(List<PlannedLesson> lessons)
    {
        try
        {
            return await ledger.ReadFinishedAsync(lessons.Select(l => l.Lesson.Key).ToList(), CancellationToken.None);
        }
        catch (Exception ex) when (TransientFailure.Is(ex))
        {
            return new Dictionary<LessonKey, string>();
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

    private async Task ListFailuresAsync(string catalog, IReadOnlyList<Lesson> lessons, CancellationToken cancellationToken)
    {
        var failures = await ledger.ReadFailuresAsync(lessons.Where(l => l.IsValid).Select(l => l.Key).ToList(), cancellationToken);
        foreach (var lesson in lessons.Where(l => !l.IsValid))
        {
            Console.Out.WriteLine($"{lesson.CourseId}/{lesson.Id}\tinvalid\t{lesson.Location}\t{lesson.Problem}");
        }

        foreach (var (key, failure) in failures.OrderBy(f => f.Key.ToString(), StringComparer.Ordinal))
        {
            Console.Out.WriteLine(
                $"{key}\t{(failure.Permanent ? "permanent" : "transient")}\t{failure.Attempts} attempts\t{failure.At:u}\t{failure.Reason}");
        }

        Console.Out.WriteLine($"{failures.Count + lessons.Count(l => !l.IsValid)} failed lessons in {catalog}");
    }

    /// <summary>Records invalid and finished lessons at once and returns the ones to make.</summary>
    private async Task<List<PlannedLesson>> PlanAsync(
        IReadOnlyList<Lesson> lessons, ConcurrentBag<LessonResult> results, CancellationToken cancellationToken)
    {
        var valid = lessons.Where(l => l.IsValid).Select(l => l.Key).ToList();
        var finished = _options.Force
            ? new Dictionary<LessonKey, string>()
            : await ledger.ReadFinishedAsync(valid, cancellationToken);
        var failures = await ledger.ReadFailuresAsync(valid, cancellationToken);

        var toMake = new List<PlannedLesson>();
        for (var i = 0; i < lessons.Count; i++)
        {
            var lesson = lessons[i];
            if (!lesson.IsValid)
            {
                results.Add(Result(i, lesson, LessonStatus.Failed, error: $"invalid lesson: {lesson.Problem}") with { FailedStage = "catalog" });
                Count(LessonStatus.Failed, lesson);
                continue;
            }

            var fingerprint = fingerprints.For(lesson, _options.Provider);
            if (finished.TryGetValue(lesson.Key, out var made) && made == fingerprint && await store.FindVideoAsync(lesson.Key, cancellationToken) is { } video)
            {
                results.Add(Result(i, lesson, LessonStatus.Skipped, video) with { Attempts = 0 });
                Count(LessonStatus.Skipped, lesson);
                continue;
            }

            if (failures.TryGetValue(lesson.Key, out var failure) && failure.Permanent && (_options.RetryFailed || _options.Force))
            {
                // Asked to try again: a kept verdict (such as a safety-filter block) must not be replayed.
                await operations.ForgetAsync(lesson.Key, null, cancellationToken);
            }
            else if (failure is { Permanent: true } && failure.Fingerprint == fingerprint)
            {
                results.Add(Result(i, lesson, LessonStatus.Failed,
                    error: $"failed for good in an earlier run: {failure.Reason} (--retry-failed tries it again)") with
                {
                    Attempts = 0,
                    FailedStage = failure.Stage,
                });
                Count(LessonStatus.Failed, lesson);
                continue;
            }

            toMake.Add(new PlannedLesson(i, lesson, fingerprint));
        }

        return toMake;
    }

    private void Count(LessonStatus status, Lesson lesson)
    {
        telemetry.LessonFinished(status.ToString().ToLowerInvariant(), lesson.CourseId);
        switch (status)
        {
            case LessonStatus.Succeeded: progress.LessonSucceeded(); break;
            case LessonStatus.Skipped: progress.LessonSkipped(); break;
            default: progress.LessonFailed(); break;
        }
    }

    private LessonResult Record(int index, LessonJob job)
    {
        var status = job.IsFailed ? LessonStatus.Failed : LessonStatus.Succeeded;
        Count(status, job.Lesson);
        return Result(index, job.Lesson, status, job.StoredVideo, job.Error) with
        {
            Attempts = job.Attempts,
            FailedStage = job.FailedStage,
            StageMs = job.StageMilliseconds,
        };
    }

    private static LessonResult Result(int index, Lesson lesson, LessonStatus status, string? video = null, string? error = null) =>
        new(index, lesson.CourseId, lesson.CourseTitle, lesson.Id, lesson.Title, status, 1, video, error, null, lesson.Location,
            new Dictionary<string, long>());

    private int CannotStart(string message)
    {
        logger.LogError("The run cannot start: {Reason}", message);
        Console.Error.WriteLine($"error: {message}");
        return ExitCodes.CannotStart;
    }
}

/// <summary>A lesson this run has to make: where it stands in the catalog, and the fingerprint it will be marked with.</summary>
internal sealed record PlannedLesson(int Index, Lesson Lesson, string Fingerprint);
