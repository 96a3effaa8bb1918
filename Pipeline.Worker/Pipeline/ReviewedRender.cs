using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VideoGen.Worker.Review;
using VideoGen.Worker.Stages;
using VideoGen.Worker.Telemetry;

namespace VideoGen.Worker.Pipeline;

/// <summary>
/// Renders a lesson and reviews the video before it may be stored. A failing video has its offending scenes made
/// again, up to <c>Review:MaxRemakes</c> times: a new clip for each scene whose clip the review faulted (paid, and
/// counted), else a new render. A video that still fails is kept, flagged with what was found, never passed silently.
/// Only composing and reviewing hold a composition slot; waiting for a new clip does not.
/// </summary>
public sealed class ReviewedRender(
    IRenderer renderer,
    IVideoReviewer reviewer,
    IFootageSource footage,
    IOptions<ReviewOptions> options,
    PipelineTelemetry telemetry,
    ILogger<ReviewedRender> logger)
{
    private readonly ReviewOptions _options = options.Value;

    public async Task<(RenderedVideo Video, LessonReview? Review)> RenderAsync(
        LessonJob job, LessonFootage made, SemaphoreSlim composition, CancellationToken cancellationToken)
    {
        var (video, first) = await ComposeAndReviewAsync(job, made, composition, cancellationToken);
        if (first is not { } review)
        {
            return (video, null);
        }

        var (remade, tokens, dollars) = (0, review.Tokens, review.Dollars);
        while (!review.Passed && remade < _options.MaxRemakes)
        {
            remade++;
            var clipScenes = review.Findings.Where(f => f.InClip && f.Segment is > 0).Select(f => f.Segment!.Value).Distinct().ToList();
            logger.LogWarning("{Lesson} failed review ({Findings}); making {What} again",
                job.Lesson.Key, string.Join("; ", review.Findings.Select(f => f.Text)), clipScenes.Count > 0 ? $"the clips of scenes {string.Join(", ", clipScenes)}" : "the render");
            foreach (var segment in clipScenes)
            {
                var clip = await footage.RemakeAsync(job.Planned.Version, job.Script!, segment, remade, cancellationToken);
                var others = made.Clips.Where(c => c.Segment != segment);
                made = clip is null
                    ? made with { Clips = [.. others], LostClips = [.. made.LostClips, new LostClip(segment, job.Script!.Scenes[segment - 1].VisualPrompt, "the answer to its remake after review was lost")] }
                    : made with { Clips = [.. others, clip] };
                telemetry.VideoRemade("clip");
            }

            if (clipScenes.Count == 0)
            {
                telemetry.VideoRemade("render");
            }

            (video, var again) = await ComposeAndReviewAsync(job, made, composition, cancellationToken);
            review = again!;
            (tokens, dollars) = (tokens + review.Tokens, dollars + review.Dollars);
        }

        if (!review.Passed)
        {
            telemetry.LessonFlagged(job.Lesson.CourseId);
            logger.LogWarning("{Lesson} is stored flagged: {Findings}", job.Lesson.Key, string.Join("; ", review.Findings.Select(f => f.Text)));
        }

        return (video, new LessonReview(
            review.Passed, review.Score, [.. review.Findings.Select(f => f.Text)], remade, tokens > 0 ? tokens : null, tokens > 0 ? dollars : null));
    }

    private async Task<(RenderedVideo Video, VideoReview? Review)> ComposeAndReviewAsync(
        LessonJob job, LessonFootage made, SemaphoreSlim composition, CancellationToken cancellationToken)
    {
        await composition.WaitAsync(cancellationToken);
        try
        {
            var video = await renderer.RenderAsync(job.Script!, job.Narration!, made, job.WorkFolder, cancellationToken);
            if (reviewer is NoReview)
            {
                return (video, null);
            }

            using var span = PipelineTelemetry.Source.StartActivity("review");
            var review = await reviewer.ReviewAsync(job.Lesson, job.Script!, job.Narration!, made, video, cancellationToken);
            span?.SetTag("videogen.review.passed", review.Passed);
            span?.SetTag("videogen.review.findings", review.Findings.Count);
            if (!review.Passed)
            {
                span?.SetStatus(ActivityStatusCode.Error, string.Join("; ", review.Findings.Select(f => f.Text)));
            }

            return (video, review);
        }
        finally
        {
            composition.Release();
        }
    }
}
