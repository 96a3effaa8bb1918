using System.ComponentModel.DataAnnotations;

namespace VideoGen.Worker.Pipeline;

/// <summary>How the Dataflow graph runs: parallelism and queue size per stage, and retries.</summary>
public sealed class PipelineOptions
{
    public const string Section = "Pipeline";

    [Range(1, 64)]
    public int EnhanceParallelism { get; set; } = 2;

    [Range(1, 64)]
    public int NarrateParallelism { get; set; } = 2;

    /// <summary>
    /// Lessons composed at once (ffmpeg: CPU work). A lesson waiting for its footage (Veo clips) holds no render slot;
    /// how many clips run at once is Veo's quota, set by <c>GoogleAI:MaxRunningClips</c>.
    /// </summary>
    [Range(1, 64)]
    public int RenderParallelism { get; set; } = 3;

    [Range(1, 64)]
    public int StoreParallelism { get; set; } = 2;

    /// <summary>Lessons that may wait in front of each stage; bounds memory whatever the catalog's size.</summary>
    [Range(1, 1000)]
    public int QueueCapacity { get; set; } = 4;

    /// <summary>Retries after the first attempt of a stage, for transient failures only.</summary>
    [Range(0, 20)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>
    /// On SIGTERM or Ctrl+C no new lesson is started, and lessons in flight get this long to finish before they are
    /// abandoned (cleanly: nothing half-made is kept or marked done).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ShutdownGracePeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Lessons in a row that fail, after their retries, with failures that should pass by themselves
    /// (timeouts, no answer, a full disk) before the run stops taking lessons: a service that answers nothing, or a disk
    /// that is full, would fail every lesson the same way, one slow timeout after another. 0: never stop.
    /// </summary>
    [Range(0, 10_000)]
    public int StopAfterFailuresInARow { get; set; } = 5;

    /// <summary>First retry delay; each further retry doubles it, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);
}
