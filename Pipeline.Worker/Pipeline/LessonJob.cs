using System.Diagnostics;
using VideoGen.Worker.Catalog;
using VideoGen.Worker.Stages;
using VideoGen.Worker.Telemetry;

namespace VideoGen.Worker.Pipeline;

/// <summary>
/// One lesson on its way through the graph, and everything it holds while there: the claim it takes over from
/// whoever claimed the lesson, and the work folder and trace span <see cref="Open"/> makes; <see cref="DisposeAsync"/>
/// lets go of all three. Each stage fills in its part; a failure is kept here as a value and the later stages pass
/// the job on untouched, so the graph never faults.
/// </summary>
public sealed class LessonJob : IAsyncDisposable
{
    private readonly IAsyncDisposable _lease;

    private LessonJob(PlannedLesson planned, DirectoryInfo workFolder, Activity? activity, IAsyncDisposable lease)
    {
        Planned = planned;
        WorkFolder = workFolder;
        Activity = activity;
        _lease = lease;
    }

    /// <summary>Takes over the lesson's claim and opens its work folder and span. Throws when the folder cannot be made.</summary>
    public static LessonJob Open(ClaimedLesson claimed, WorkFolders folders, string provider)
    {
        var folder = folders.For(claimed.Planned.Lesson.Key);
        return new LessonJob(claimed.Planned, folder, PipelineTelemetry.StartLesson(claimed.Planned.Lesson.Key, provider), claimed.Lease);
    }

    public PlannedLesson Planned { get; }

    public Lesson Lesson => Planned.Lesson;

    public string Fingerprint => Planned.Fingerprint;

    public DirectoryInfo WorkFolder { get; }

    /// <summary>What making this lesson has paid for, in this run.</summary>
    public LessonSpend Spend { get; } = new();

    public Activity? Activity { get; }

    public LessonScript? Script { get; set; }

    public Narration? Narration { get; set; }

    /// <summary>The footage being made for the lesson beside the spine, from the moment its script exists.</summary>
    public PendingFootage? Footage { get; set; }

    public RenderedVideo? Video { get; set; }

    /// <summary>How the video fared in review; null when review is off.</summary>
    public LessonReview? Review { get; set; }

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

    /// <summary>The run stopped before the job could enter the graph: it is let go without an outcome.</summary>
    public bool NeverStarted { get; set; }

    public void Fail(string stage, string error, bool permanent = false)
    {
        FailedStage = stage;
        Error = error;
        FailedPermanently = permanent;
    }

    /// <summary>Ends the span with the lesson's outcome, removes the work folder and releases the claim.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Activity is { } activity)
        {
            activity.SetTag("videogen.attempts", Attempts);
            activity.SetTag("videogen.outcome", NeverStarted ? "not started" : IsFailed ? "failed" : "succeeded");
            if (IsFailed)
            {
                activity.SetStatus(ActivityStatusCode.Error, Error);
            }

            activity.Dispose();
        }

        WorkFolders.Delete(WorkFolder);
        await _lease.DisposeAsync();
    }
}
