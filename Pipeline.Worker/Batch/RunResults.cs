using System.Collections.Concurrent;
using VideoGen.Worker.Catalog;
using VideoGen.Worker.Pipeline;
using VideoGen.Worker.Progress;
using VideoGen.Worker.Reporting;
using VideoGen.Worker.Telemetry;

namespace VideoGen.Worker.Batch;

/// <summary>
/// The outcome of each lesson of one run, in whatever order they come, each counted once in the metrics and the
/// progress display as it is recorded.
/// </summary>
public sealed class RunResults(PipelineTelemetry telemetry, RunProgress progress)
{
    public const string NotStartedReason = "the run was stopped before this lesson started";

    private readonly ConcurrentDictionary<int, LessonResult> _results = new();
    private readonly ConcurrentBag<LessonJob> _failedJobs = [];

    public ICollection<LessonResult> All => _results.Values;

    /// <summary>Lessons that failed in this run's pipeline, to be remembered in the ledger.</summary>
    public IEnumerable<LessonJob> FailedJobs => _failedJobs;

    /// <summary>Tells the progress display how many lessons the catalog has.</summary>
    public void Planned(int lessons) => progress.Planned(lessons);

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

    public void Finished(LessonJob job)
    {
        if (job.IsFailed)
        {
            _failedJobs.Add(job);
        }

        Add(Result(job.Planned.CatalogIndex, job.Lesson, job.IsFailed ? LessonStatus.Failed : LessonStatus.Succeeded, job.StoredVideo, job.Error) with
        {
            Attempts = job.Attempts,
            FailedStage = job.FailedStage,
            StageMs = job.StageMilliseconds,
            LostClips = job.Video?.LostClips,
        });
    }

    /// <summary>Records as not started every planned lesson that has no outcome yet: the run stopped before it.</summary>
    public void NotStarted(IEnumerable<PlannedLesson> planned)
    {
        foreach (var lesson in planned.Where(p => !_results.ContainsKey(p.CatalogIndex)))
        {
            Add(Result(lesson.CatalogIndex, lesson.Lesson, LessonStatus.Failed, error: NotStartedReason));
        }
    }

    private void Add(LessonResult result)
    {
        if (!_results.TryAdd(result.CatalogIndex, result))
        {
            return;
        }

        telemetry.LessonFinished(result.Status.ToString().ToLowerInvariant(), result.CourseId);
        switch (result.Status)
        {
            case LessonStatus.Succeeded: progress.LessonSucceeded(); break;
            case LessonStatus.Skipped: progress.LessonSkipped(); break;
            default: progress.LessonFailed(); break;
        }
    }

    private static LessonResult Result(int index, Lesson lesson, LessonStatus status, string? video = null, string? error = null) =>
        new(index, lesson.CourseId, lesson.CourseTitle, lesson.Id, lesson.Title, status, 1, video, error, null, lesson.Location,
            new Dictionary<string, long>());
}
