using VideoGen.Worker.Catalog;

namespace VideoGen.Worker.Stages;

/// <summary>
/// Looks at a rendered video before it is stored, as a viewer would: what it finds wrong, each finding tied to the
/// scene (and the clip) it is in where it can be, so that scene can be made again.
/// </summary>
public interface IVideoReviewer
{
    Task<VideoReview> ReviewAsync(Lesson lesson, LessonScript script, Narration narration, LessonFootage footage, RenderedVideo video, CancellationToken cancellationToken);
}

/// <summary>What a review found. A video passes when nothing was found.</summary>
/// <param name="Score">The fraction of quiz questions answered right from the video alone, where a model reviewed it.</param>
/// <param name="Tokens">The Gemini tokens the review used, where a model reviewed it.</param>
/// <param name="Dollars">Their estimated price at the configured rates.</param>
public sealed record VideoReview(IReadOnlyList<ReviewFinding> Findings, double? Score = null, long Tokens = 0, decimal Dollars = 0)
{
    public static readonly VideoReview Clean = new([]);

    public bool Passed => Findings.Count == 0;
}

/// <summary>One thing wrong with a video, said in one sentence a person understands.</summary>
/// <param name="Segment">The narration segment it is in (0 is the title card), where it is in one.</param>
/// <param name="InClip">Whether that segment shows a generated clip, which a remake can replace.</param>
public sealed record ReviewFinding(string Text, int? Segment = null, bool InClip = false);

/// <summary>How a stored video fared in review, as report.json gives it.</summary>
/// <param name="Passed">False: stored although it still failed after its remakes, and flagged.</param>
/// <param name="Remade">How many times the video's offending scenes were made again.</param>
/// <param name="Tokens">Gemini tokens every review of the lesson used (each remake is reviewed again); null without a model.</param>
/// <param name="Dollars">Their estimated price at the configured rates.</param>
public sealed record LessonReview(bool Passed, double? Score, IReadOnlyList<string> Findings, int Remade, long? Tokens = null, decimal? Dollars = null);
