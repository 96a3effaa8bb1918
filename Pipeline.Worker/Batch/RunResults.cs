using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using VideoGen.Worker.Catalog;
using VideoGen.Worker.Pipeline;
using VideoGen.Worker.Progress;
using VideoGen.Worker.Reporting;
using VideoGen.Worker.Stages;
using VideoGen.Worker.Telemetry;

namespace VideoGen.Worker.Batch;

/// <summary>
/// The outcome of each lesson of one run, in whatever order they come, each counted once in the metrics and the
/// progress display as it is recorded. When the catalog is made by several workers, each outcome also goes to the
/// catalog's shared state, with what was paid for since the last one, except failures that only say this worker stopped.
/// </summary>
public sealed class RunResults(PipelineTelemetry telemetry, RunProgress progress, WorkerIdentity worker, ILogger<RunResults> logger)
{
    public const string NotStartedReason = "the run was stopped before this lesson started";

    private readonly ConcurrentDictionary<int, LessonResult> _results = new();
    private readonly ConcurrentBag<LessonJob> _failedJobs = [];
    private readonly ConcurrentBag<Task> _sharing = [];
    private readonly Lock _spendLock = new();
    private SharedCatalog? _shared;
    private CancellationToken _stopping;
    private Spend _spentBefore = Spend.None;
    private volatile bool _completedHere;

    public ICollection<LessonResult> All => _results.Values;

    /// <summary>Lessons that failed in this run's pipeline, to be remembered in the ledger.</summary>
    public IEnumerable<LessonJob> FailedJobs => _failedJobs;

    /// <summary>Sends every outcome from now on to <paramref name="catalog"/>, too.</summary>
    public void ShareWith(SharedCatalog catalog, CancellationToken stopping)
    {
        _shared = catalog;
        _stopping = stopping;
        _spentBefore = telemetry.Spent;
    }

    /// <summary>Which of these lessons another worker has settled already; none when the catalog is this worker's alone.</summary>
    public async Task<HashSet<int>> SettledElsewhereAsync(IEnumerable<int> catalogIndices) =>
        _shared is { } shared ? await shared.SettledAsync(catalogIndices) : [];

    /// <summary>Waits until every outcome is shared; true when this worker's was the catalog's last.</summary>
    public async Task<bool> SharedAsync()
    {
        await Task.WhenAll(_sharing);
        return _completedHere;
    }

    /// <summary>Tells the progress display how many lessons the catalog has.</summary>
    public void Planned(int lessons) => progress.Planned(lessons);

    /// <summary>Whether the lesson has its outcome in this run already.</summary>
    public bool Has(int catalogIndex) => _results.ContainsKey(catalogIndex);

    public int Count(LessonStatus status) => _results.Values.Count(r => r.Status == status);

    public void Invalid(int catalogIndex, Lesson lesson) =>
        Add(Result(catalogIndex, lesson, LessonStatus.Failed, error: $"invalid lesson: {lesson.Problem}") with { FailedStage = "catalog" });

    public void Skipped(PlannedLesson planned, string video) =>
        Add(Result(planned.CatalogIndex, planned.Lesson, LessonStatus.Skipped, video) with { Attempts = 0 });

    public void FailedEarlier(PlannedLesson planned, string reason, string? stage) =>
        Add(Result(planned.CatalogIndex, planned.Lesson, LessonStatus.Failed,
            error: $"failed for good in an earlier run: {reason} (--retry-failed tries it again)") with
        {
            Attempts = 0,
            FailedStage = stage,
        });

    /// <summary>Records a lesson that went through the pipeline; done once its outcome is shared, before its claim is let go.</summary>
    public Task FinishedAsync(LessonJob job)
    {
        if (job.IsFailed)
        {
            _failedJobs.Add(job);
        }

        return Add(Result(job.Planned.CatalogIndex, job.Lesson, job.IsFailed ? LessonStatus.Failed : LessonStatus.Succeeded, job.StoredVideo, job.Error) with
        {
            Attempts = job.Attempts,
            FailedStage = job.FailedStage,
            StageMs = job.StageMilliseconds,
            LostClips = job.Video?.LostClips,
            Language = job.Script?.Language.Tag,
            Voice = job.Narration?.Voice,
            Warnings = Warnings(job),
            Review = job.Review,
            Spent = job.Spend.Dollars > 0 ? Math.Round(job.Spend.Dollars, 4) : null,
        });
    }

    private static IReadOnlyList<string>? Warnings(LessonJob job)
    {
        List<string> warnings = [.. job.Script?.Language.Warning is { } language ? [language] : Array.Empty<string>(), .. job.Narration?.Warnings ?? [], .. job.Video?.Warnings ?? []];
        return warnings.Count == 0 ? null : warnings;
    }

    /// <summary>Records as not started every planned lesson that has no outcome yet: the run stopped before it.</summary>
    public void NotStarted(IEnumerable<PlannedLesson> planned, string reason = NotStartedReason)
    {
        foreach (var lesson in planned.Where(p => !_results.ContainsKey(p.CatalogIndex)))
        {
            Add(Result(lesson.CatalogIndex, lesson.Lesson, LessonStatus.Failed, error: reason), share: false);
        }
    }

    private Task Add(LessonResult result, bool share = true)
    {
        if (!_results.TryAdd(result.CatalogIndex, result))
        {
            return Task.CompletedTask;
        }

        telemetry.LessonFinished(result.Status.ToString().ToLowerInvariant(), result.CourseId, worker.Name);
        switch (result.Status)
        {
            case LessonStatus.Succeeded: progress.LessonSucceeded(); break;
            case LessonStatus.Skipped: progress.LessonSkipped(); break;
            default: progress.LessonFailed(); break;
        }

        // A lesson failed because this worker is stopping is left to the others.
        if (!share || _shared is null || (result.Status == LessonStatus.Failed && _stopping.IsCancellationRequested))
        {
            return Task.CompletedTask;
        }

        var sharing = ShareAsync(_shared, result);
        _sharing.Add(sharing);
        return sharing;
    }

    private async Task ShareAsync(SharedCatalog shared, LessonResult result)
    {
        Spend spent;
        lock (_spendLock)
        {
            var now = telemetry.Spent;
            spent = now.Since(_spentBefore);
            _spentBefore = now;
        }

        try
        {
            if (await shared.RecordAsync(result, spent))
            {
                _completedHere = true;
            }
        }
        catch (Exception ex) when (TransientFailure.Is(ex))
        {
            // Another worker, or this one on its next pass, finds the lesson made and records it then.
            logger.LogWarning("Could not share the outcome of {Course}/{Lesson} ({Error})", result.CourseId, result.LessonId, ex.Message);
        }
    }

    private LessonResult Result(int index, Lesson lesson, LessonStatus status, string? video = null, string? error = null) =>
        new(index, lesson.CourseId, lesson.CourseTitle, lesson.Id, lesson.Title, status, 1, video, error, null, lesson.Location,
            new Dictionary<string, long>(), Worker: worker.Name);
}
