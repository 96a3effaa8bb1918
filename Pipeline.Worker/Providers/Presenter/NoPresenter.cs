using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Providers.Presenter;

/// <summary><c>--presenter off</c>: no one in the corner.</summary>
public sealed class NoPresenter : IPresenter
{
    public int MaxWaitingLessons => 0;

    public string Settings => "";

    public Task<PresenterTrack?> MakeAsync(LessonVersion lesson, Narration narration, DirectoryInfo workFolder, CancellationToken cancellationToken) =>
        Task.FromResult<PresenterTrack?>(null);
}
