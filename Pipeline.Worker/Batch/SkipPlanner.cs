using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VideoGen.Worker.Catalog;
using VideoGen.Worker.CommandLine;
using VideoGen.Worker.Ledger;
using VideoGen.Worker.Pipeline;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Batch;

/// <summary>
/// Decides in bulk what a run has to make: invalid lessons fail, finished ones are skipped, lessons that failed for
/// good fail again without being tried unless asked, and the rest are planned. A lesson is finished when its video is
/// in the store and either Redis or the store's own record says it was made from the lesson's fingerprint; what only
/// the store remembered is written back to Redis.
/// </summary>
public sealed class SkipPlanner(
    ILessonLedger ledger,
    IOperationLedger operations,
    ILessonStore store,
    LessonFingerprint fingerprints,
    IOptions<WorkerOptions> options,
    ILogger<SkipPlanner> logger)
{
    private readonly WorkerOptions _options = options.Value;

    /// <summary>Records invalid, finished and kept-failed lessons in <paramref name="results"/>; returns the ones to make.</summary>
    public async Task<List<PlannedLesson>> PlanAsync(IReadOnlyList<Lesson> lessons, RunResults results, CancellationToken cancellationToken)
    {
        var valid = lessons.Where(l => l.IsValid).Select(l => l.Key).ToList();
        var finished = _options.Force
            ? new Dictionary<LessonKey, string>()
            : await ledger.ReadFinishedAsync(valid, cancellationToken);
        // One listing of the store per run, whatever Redis says: a video deleted by hand is made again, and a record
        // Redis lost is found.
        var stored = _options.Force
            ? new Dictionary<LessonKey, StoredVideo>()
            : await store.ListAsync(valid, cancellationToken);
        var failures = await ledger.ReadFailuresAsync(valid, cancellationToken);
        var restored = new Dictionary<LessonKey, string>();

        var toMake = new List<PlannedLesson>();
        for (var i = 0; i < lessons.Count; i++)
        {
            if (!lessons[i].IsValid)
            {
                results.Invalid(i, lessons[i]);
                continue;
            }

            var planned = new PlannedLesson(i, lessons[i], fingerprints.For(lessons[i], _options.Provider));
            if (stored.TryGetValue(planned.Lesson.Key, out var video))
            {
                var inRedis = finished.TryGetValue(planned.Lesson.Key, out var made) && made == planned.Fingerprint;
                if (inRedis || video.Record?.Fingerprint == planned.Fingerprint)
                {
                    if (!inRedis)
                    {
                        restored[planned.Lesson.Key] = planned.Fingerprint;
                    }

                    results.Skipped(planned, video.Path);
                    continue;
                }
            }

            failures.TryGetValue(planned.Lesson.Key, out var failure);
            if (failure is { Permanent: true } && (_options.RetryFailed || _options.Force))
            {
                // Asked to try again: a kept verdict (such as a safety-filter block) must not be replayed.
                await operations.ForgetAsync(planned.Lesson.Key, null, cancellationToken);
            }
            else if (failure is { Permanent: true } && failure.Fingerprint == planned.Fingerprint)
            {
                results.FailedEarlier(planned, failure.Reason, failure.Stage);
                continue;
            }

            toMake.Add(planned);
        }

        if (restored.Count > 0)
        {
            logger.LogWarning(
                "Redis had no record of {Count} lessons the store holds, made from the same lesson and settings; they are skipped and their record written back to Redis",
                restored.Count);
            await ledger.RestoreFinishedAsync(restored, cancellationToken);
        }

        return toMake;
    }

    /// <summary>
    /// Whether another worker made the lesson since it was planned (never, when asked to make everything again): its
    /// video, or null.
    /// </summary>
    public async Task<string?> MadeSincePlannedAsync(PlannedLesson planned, CancellationToken cancellationToken) =>
        _options.Force ? null : await MadeVideoAsync(planned, await ledger.ReadFinishedAsync([planned.Lesson.Key], cancellationToken), cancellationToken);

    /// <summary>
    /// The rule for skipping while a run goes on, when another worker made the lesson: the ledger says the lesson was
    /// made from the same fingerprint, and its video is in the store. Returns that video, or null when the lesson has to
    /// be made.
    /// </summary>
    public async Task<string?> MadeVideoAsync(
        PlannedLesson planned, IReadOnlyDictionary<LessonKey, string> finished, CancellationToken cancellationToken) =>
        finished.TryGetValue(planned.Lesson.Key, out var made) && made == planned.Fingerprint
            ? await store.FindVideoAsync(planned.Lesson.Key, cancellationToken)
            : null;
}
