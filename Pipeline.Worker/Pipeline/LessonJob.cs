using System.Diagnostics;
using VideoGen.Worker.Catalog;
using VideoGen.Worker.Providers;

namespace VideoGen.Worker.Pipeline;

/// <summary>
/// One lesson on its way through the graph. Each stage fills in its part; a failure is kept here as a value
/// and the later stages pass the job on untouched, so the graph itself never faults.
/// </summary>
public sealed class LessonJob(Lesson lesson, string fingerprint, DirectoryInfo workFolder, Activity? activity)
{
    public Lesson Lesson { get; } = lesson;

    public string Fingerprint { get; } = fingerprint;

    public DirectoryInfo WorkFolder { get; } = workFolder;

    public Activity? Activity { get; } = activity;

    /// <summary>This worker's claim on the lesson, released when the lesson comes out of the graph.</summary>
    public IAsyncDisposable? Lease { get; init; }

    public LessonScript? Script { get; set; }

    public Narration? Narration { get; set; }

    public RenderedVideo? Video { get; set; }

    /// <summary>The stored video, relative to the output folder.</summary>
    public string? StoredVideo { get; set; }

    public string? FailedStage { get; private set; }

    public string? Error { get; private set; }

    public bool IsFailed => Error is not null;

    /// <summary>Retries of any stage after transient failures.</summary>
    public int Retries { get; set; }

    /// <summary>How many times the lesson was tried: 1, plus one for each retry.</summary>
    public int Attempts => 1 + Retries;

    /// <summary>Milliseconds spent per stage, in stage order.</summary>
    public Dictionary<string, long> StageMilliseconds { get; } = [];

    /// <summary>Whether trying again cannot help (invalid input, safety filter, a refused request).</summary>
    public bool FailedPermanently { get; private set; }

    public void Fail(string stage, string error, bool permanent = false)
    {
        FailedStage = stage;
        Error = error;
        FailedPermanently = permanent;
    }
}
