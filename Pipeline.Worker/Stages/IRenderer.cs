using VideoGen.Worker.Catalog;

namespace VideoGen.Worker.Stages;

/// <summary>The render stage: makes the MP4, its subtitles and a thumbnail from a script and its narration.</summary>
public interface IRenderer
{
    /// <summary>Everything in this renderer's settings that changes its output; part of each lesson's fingerprint.</summary>
    string Settings { get; }

    Task<RenderedVideo> RenderAsync(
        LessonVersion lesson, LessonScript script, Narration narration, DirectoryInfo workFolder, CancellationToken cancellationToken);

    /// <summary>Called once the lesson is stored: what was kept only so a crash would not pay for it again can go.</summary>
    Task ReleaseAsync(LessonVersion lesson, CancellationToken cancellationToken) => Task.CompletedTask;
}
