using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Providers.Local;

/// <summary>Offline, every scene is a slide: no footage is generated.</summary>
public sealed class NoFootage : IFootageSource
{
    public string Settings => "";

    public int MaxWaitingLessons => 0;

    public Task<LessonFootage> MakeAsync(LessonVersion lesson, LessonScript script, CancellationToken cancellationToken) =>
        Task.FromResult(LessonFootage.None);

    public Task<SceneClip?> RemakeAsync(LessonVersion lesson, LessonScript script, int segment, int take, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("Slides are not footage: offline, a video is remade by rendering it again.");

    public Task ReleaseAsync(LessonVersion lesson, CancellationToken cancellationToken) => Task.CompletedTask;
}
