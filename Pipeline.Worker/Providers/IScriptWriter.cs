using VideoGen.Worker.Catalog;

namespace VideoGen.Worker.Providers;

/// <summary>The enhance stage: turns a lesson's title and text into a video script.</summary>
public interface IScriptWriter
{
    /// <summary>Everything in this writer's settings that changes its output; part of each lesson's fingerprint.</summary>
    string Settings { get; }

    Task<LessonScript> WriteAsync(Lesson lesson, CancellationToken cancellationToken);
}
