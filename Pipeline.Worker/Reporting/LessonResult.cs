using System.Text.Json.Serialization;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Reporting;

/// <summary>The outcome of one lesson in a run, as report.json lists it.</summary>
/// <param name="Worker">The worker (host and process) that made the lesson, or found it made or invalid.</param>
public sealed record LessonResult(
    [property: JsonIgnore] int CatalogIndex,
    string CourseId,
    [property: JsonIgnore] string CourseTitle,
    string LessonId,
    string Title,
    LessonStatus Status,
    int Attempts,
    string? Video,
    string? Error,
    string? FailedStage,
    string? Location,
    IReadOnlyDictionary<string, long> StageMs,
    IReadOnlyList<LostClip>? LostClips = null,
    string? Worker = null);

[JsonConverter(typeof(JsonStringEnumConverter<LessonStatus>))]
public enum LessonStatus
{
    [JsonStringEnumMemberName("succeeded")] Succeeded,
    [JsonStringEnumMemberName("skipped")] Skipped,
    [JsonStringEnumMemberName("failed")] Failed,
}
