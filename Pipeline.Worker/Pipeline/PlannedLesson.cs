using VideoGen.Worker.Catalog;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Pipeline;

/// <summary>A lesson a run has to make: where it stands in the catalog, and the fingerprint it will be marked with.</summary>
public sealed record PlannedLesson(int CatalogIndex, Lesson Lesson, string Fingerprint)
{
    /// <summary>The lesson as its text stands, which paid generations are kept by.</summary>
    public LessonVersion Version { get; } = LessonVersion.Of(Lesson);
}

/// <summary>A planned lesson this worker holds the claim on; the claim is released when the lesson leaves the graph.</summary>
public sealed record ClaimedLesson(PlannedLesson Planned, IAsyncDisposable Lease);
