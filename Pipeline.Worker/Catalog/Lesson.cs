namespace VideoGen.Worker.Catalog;

/// <summary>One lesson as the catalog gives it, with where it came from so errors can point at it.</summary>
/// <param name="Location">Where in the catalog file the lesson is, e.g. <c>line 12</c> or <c>courses[0].lessons[3]</c>.</param>
/// <param name="Problem">Why the lesson cannot be made, or null when it is valid.</param>
/// <param name="Language">The language the catalog gives for the lesson or its course (a BCP-47 tag), or null.</param>
/// <param name="Image">The lesson's picture, as a full path (the catalog gives it relative to itself), or null.</param>
public sealed record Lesson(
    string CourseId,
    string CourseTitle,
    string Id,
    string Title,
    string Text,
    string Location,
    string? Problem = null,
    string? Language = null,
    string? Image = null)
{
    public bool IsValid => Problem is null;

    /// <summary>
    /// What the catalog asks of the lesson's script (audience, tone, what to stress): the catalog's, the course's and the
    /// lesson's own instructions, in that order, or null for none.
    /// </summary>
    public string? Instructions { get; init; }

    /// <summary>The catalog's folder: what the lesson's markdown names by a relative path (its pictures) is found from there.</summary>
    public string? Folder { get; init; }

    public LessonKey Key => new(CourseId, Id);
}

/// <summary>Identifies a lesson across runs: its course id and its id within that course.</summary>
public readonly record struct LessonKey(string CourseId, string LessonId)
{
    public override string ToString() => $"{CourseId}/{LessonId}";

    /// <summary>The key as one flat file name, for files of many lessons kept side by side in one folder.</summary>
    public string FlatName => $"{CourseId}__{LessonId}";
}
