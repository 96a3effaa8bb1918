using VideoGen.Worker.Catalog;

namespace VideoGen.Worker.Pipeline;

/// <summary>A lesson a run has to make: where it stands in the catalog, and the fingerprint it will be marked with.</summary>
public sealed record PlannedLesson(int CatalogIndex, Lesson Lesson, string Fingerprint);

/// <summary>A planned lesson this worker holds the claim on; the claim is released when the lesson leaves the graph.</summary>
public sealed record ClaimedLesson(PlannedLesson Planned, IAsyncDisposable Lease);
