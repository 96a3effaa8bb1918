namespace VideoGen.Worker.Stages;

/// <summary>
/// The render stage: makes the MP4, its subtitles and a thumbnail from a script, its narration and whatever footage was
/// generated for it. This is CPU work, bounded by <c>Pipeline:RenderParallelism</c>.
/// </summary>
public interface IRenderer
{
    /// <summary>Everything in this renderer's settings that changes its output; part of each lesson's fingerprint.</summary>
    string Settings { get; }

    Task<RenderedVideo> RenderAsync(
        LessonScript script, Narration narration, LessonFootage footage, DirectoryInfo workFolder, CancellationToken cancellationToken);
}
