using System.Collections.Concurrent;
using VideoGen.Worker.Catalog;
using VideoGen.Worker.Telemetry;

namespace VideoGen.Worker.Progress;

/// <summary>Counts of a catalog several workers make together, across all of them.</summary>
public sealed record CatalogWideCounts(int Total, int Succeeded, int Skipped, int Failed, int Workers);

/// <summary>
/// How far the run is: counts by outcome and what each stage is working on, safe to read at any time. When the
/// catalog is made by several workers, the counts are the catalog's across all of them, as last read from Redis.
/// </summary>
public sealed class RunProgress
{
    public static readonly string[] Stages = ["enhance", "narrate", "render", "store"];

    private readonly TimeProvider _time;
    private readonly PipelineTelemetry _telemetry;
    private Spend _spentAtStart = Spend.None;

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<LessonKey, long>> _active =
        new(Stages.Select(s => KeyValuePair.Create(s, new ConcurrentDictionary<LessonKey, long>())));

    private long _started;
    private int _total;
    private int _succeeded;
    private int _skipped;
    private int _failed;
    private volatile CatalogWideCounts? _catalogWide;
    private volatile CatalogWideCounts? _catalogWideAtStart;

    public RunProgress(TimeProvider time, PipelineTelemetry telemetry)
    {
        _time = time;
        _telemetry = telemetry;
        _started = time.GetTimestamp();
        telemetry.ObserveCatalog(() =>
        {
            var s = Snapshot();
            return [("succeeded", s.Succeeded), ("skipped", s.Skipped), ("failed", s.Failed), ("remaining", s.Total - s.Done)];
        });
    }

    /// <summary>A run begins: counts start again (a service makes one catalog after another).</summary>
    public void Planned(int total)
    {
        _started = _time.GetTimestamp();
        _spentAtStart = _telemetry.Spent;
        _catalogWide = null;
        _catalogWideAtStart = null;
        Volatile.Write(ref _succeeded, 0);
        Volatile.Write(ref _skipped, 0);
        Volatile.Write(ref _failed, 0);
        Volatile.Write(ref _total, total);
    }

    /// <summary>The catalog's counts across every worker; the first ones seen are where this worker came in.</summary>
    public void CatalogWide(CatalogWideCounts counts)
    {
        _catalogWideAtStart ??= counts;
        _catalogWide = counts;
    }

    public void StageStarted(string stage, LessonKey lesson) => _active[stage][lesson] = _time.GetTimestamp();

    public void StageEnded(string stage, LessonKey lesson) => _active[stage].TryRemove(lesson, out _);

    public void LessonSucceeded() => Interlocked.Increment(ref _succeeded);

    public void LessonSkipped() => Interlocked.Increment(ref _skipped);

    public void LessonFailed() => Interlocked.Increment(ref _failed);

    public ProgressSnapshot Snapshot()
    {
        var elapsed = _time.GetElapsedTime(_started);
        var madeHere = Volatile.Read(ref _succeeded);
        var (total, succeeded, skipped, failed, workers) = _catalogWide is { } wide
            ? (wide.Total, wide.Succeeded, wide.Skipped, wide.Failed, wide.Workers)
            : (Volatile.Read(ref _total), madeHere, Volatile.Read(ref _skipped), Volatile.Read(ref _failed), 0);
        var (madeBefore, failedBefore) = _catalogWideAtStart is { } start && _catalogWide is not null ? (start.Succeeded, start.Failed) : (0, 0);
        var remaining = Math.Max(0, total - succeeded - failed - skipped);
        var worked = succeeded - madeBefore + failed - failedBefore;
        TimeSpan? eta = worked > 0 && elapsed > TimeSpan.Zero ? elapsed / worked * remaining : null;
        var now = _time.GetTimestamp();
        var active = Stages.ToDictionary(
            s => s,
            s => (IReadOnlyList<ActiveLesson>)_active[s]
                .Select(a => new ActiveLesson(a.Key, _time.GetElapsedTime(a.Value, now)))
                .OrderByDescending(a => a.For)
                .ToList());
        // What this worker paid since the run began, and the same per lesson worked on for those still to make.
        var spent = _telemetry.Spent.Since(_spentAtStart).EstimatedDollars;
        decimal? projected = worked > 0 && spent > 0 ? spent + spent / worked * remaining : null;
        return new ProgressSnapshot(total, succeeded, skipped, failed, elapsed,
            elapsed.TotalMinutes > 0 ? (succeeded - madeBefore) / elapsed.TotalMinutes : 0, eta, active, workers, madeHere, spent, projected);
    }
}

public sealed record ActiveLesson(LessonKey Lesson, TimeSpan For);

/// <param name="Workers">Workers that made lessons of the catalog so far; 0 when this worker makes it alone.</param>
/// <param name="MadeHere">Lessons this worker made.</param>
public sealed record ProgressSnapshot(
    int Total,
    int Succeeded,
    int Skipped,
    int Failed,
    TimeSpan Elapsed,
    double VideosPerMinute,
    TimeSpan? Remaining,
    IReadOnlyDictionary<string, IReadOnlyList<ActiveLesson>> Active,
    int Workers = 0,
    int MadeHere = 0,
    decimal Spent = 0,
    decimal? ProjectedSpend = null)
{
    /// <summary>"; $1.20 spent, about $9.60 in all at this rate", or nothing while nothing was paid for.</summary>
    public string SpendText => Spent <= 0 ? "" :
        $"; ${Spent.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)} spent" +
        (ProjectedSpend is { } all ? $", about ${all.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)} in all at this rate" : "");

    public int Done => Succeeded + Skipped + Failed;

    public double Fraction => Total == 0 ? 1 : Done / (double)Total;
}
