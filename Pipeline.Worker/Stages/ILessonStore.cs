using VideoGen.Worker.Catalog;

namespace VideoGen.Worker.Stages;

/// <summary>Where finished videos live. Storing is atomic: a reader sees the old files or the new ones, never half.</summary>
public interface ILessonStore
{
    /// <summary>The lesson's video relative to the store's root, or null when it is not in the store.</summary>
    Task<string?> FindVideoAsync(LessonKey lesson, CancellationToken cancellationToken);

    /// <summary>Moves a rendered video into the store; returns the video's path relative to the store's root.</summary>
    Task<string> StoreAsync(LessonKey lesson, RenderedVideo video, CancellationToken cancellationToken);
}
