using VideoGen.Worker.Catalog;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Review;

/// <summary><c>--review off</c>: every video is stored as it is made.</summary>
public sealed class NoReview : IVideoReviewer
{
    public Task<VideoReview> ReviewAsync(Lesson lesson, LessonScript script, Narration narration, LessonFootage footage, RenderedVideo video, CancellationToken cancellationToken) =>
        Task.FromResult(VideoReview.Clean);
}
