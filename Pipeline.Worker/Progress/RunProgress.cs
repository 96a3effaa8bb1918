using System.Collections.Concurrent;
using VideoGen.Worker.Catalog;

namespace VideoGen.Worker.Progress;

/// <summary>How far the run is: counts by outcome and what each stage is working on, safe to read at any time.</summary>
public sealed class RunProgress(TimeProvider time)
{
    public static readonly string[] Stages = ["enhance", "narrate", "render", "store"];

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<LessonKey, long>> _active =
        new(Stages.Select(s => KeyValuePair.Create(s, new ConcurrentDictionary<LessonKey, long>())));

    private long _started = time.GetTimestamp();
    private int _total;
    private int _succeeded;
    private int _skipped;
    private int _failed;

    /// <summary>Called once the catalog is read and what to skip is known.</summary>
    /// <summary>A run begins: counts start again (a service makes one catalog after another).</summary>
    public void Planned(int total)
    {
        _started = time.GetTimestamp();
        Volatile.Write(ref _succeeded, 0);
        Volatile.Write(ref _skipped, 0);
        Volatile.Write(ref _failed, 0);
        Volatile.Write(ref _total, total);
    }

    public void StageStarted(string stage, LessonKey lesson) => _active[stage][lesson] = time.GetTimestamp();

    public void StageEnded(string stage, LessonKey lesson) => _active[stage].TryRemove(lesson, out _);

    public void LessonSucceeded() => Interlocked.Increment(ref _succeeded);

    public void LessonSkipped() => Interlocked.Increment(ref _skipped);

    public void LessonFailed() => Interlocked.Increment(ref _failed);

    public ProgressSnapshot Snapshot()
    {
        var elapsed = time.GetElapsedTime(_started);
        var succeeded = Volatile.Read(ref _succeeded);
        var failed = Volatile.Read(ref _failed);
        var skipped = Volatile.Read(ref _skipped);
        var total = Volatile.Read(ref _total);
        var remaining = Math.Max(0, total - succeeded - failed - skipped);
        var worked = succeeded + failed;
        TimeSpan? eta = worked > 0 && elapsed > TimeSpan.Zero ? elapsed / worked * remaining : null;
        var now = time.GetTimestamp();
        var active = Stages.ToDictionary(
            s => s,
            s => (IReadOnlyList<ActiveLesson>)_active[s]
                .Select(a => new ActiveLesson(a.Key, time.GetElapsedTime(a.Value, now)))
                .OrderByDescending(a => a.For)
                .ToList());
        return new ProgressSnapshot(total, succeeded, skipped, failed, elapsed,
            elapsed.TotalMinutes > 0 ? succeeded / elapsed.TotalMinutes : 0, eta, active);
    }
}

public sealed record ActiveLesson(LessonKey Lesson, TimeSpan For);

public sealed record ProgressSnapshot(
    int Total,
    int Succeeded,
    int Skipped,
    int Failed,
    TimeSpan Elapsed,
    double VideosPerMinute,
    TimeSpan? Remaining,
    IReadOnlyDictionary<string, IReadOnlyList<ActiveLesson>> Active)
{
    public int Done => Succeeded + Skipped + Failed;

    public double Fraction => Total == 0 ? 1 : Done / (double)Total;
}
