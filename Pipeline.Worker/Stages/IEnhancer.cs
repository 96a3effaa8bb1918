using VideoGen.Worker.Catalog;

namespace VideoGen.Worker.Stages;

/// <summary>The enhance stage: turns a lesson's title and text into a video script.</summary>
public interface IEnhancer
{
    /// <summary>Everything in this enhancer's settings that changes its output; part of each lesson's fingerprint.</summary>
    string Settings { get; }

    Task<LessonScript> EnhanceAsync(Lesson lesson, CancellationToken cancellationToken);
}
