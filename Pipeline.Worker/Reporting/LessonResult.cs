using System.Text.Json.Serialization;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Reporting;

/// <summary>The outcome of one lesson in a run, as report.json lists it.</summary>
/// <param name="Worker">The worker (host and process) that made the lesson, or found it made or invalid.</param>
/// <param name="Language">The lesson's language (BCP-47), as the catalog gives it or as detected.</param>
/// <param name="Voice">The voice that narrated it, where the narrator chooses one per lesson.</param>
/// <param name="Warnings">What a viewer should know about the video although it was made, such as a language read badly.</param>
/// <param name="Review">How the video fared when it was looked at before being stored.</param>
/// <param name="Spent">What making it paid for in this run, in US dollars, at the models' prices; null when nothing.</param>
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
    string? Worker = null,
    string? Language = null,
    string? Voice = null,
    IReadOnlyList<string>? Warnings = null,
    LessonReview? Review = null,
    decimal? Spent = null);

[JsonConverter(typeof(JsonStringEnumConverter<LessonStatus>))]
public enum LessonStatus
{
    [JsonStringEnumMemberName("succeeded")] Succeeded,
    [JsonStringEnumMemberName("skipped")] Skipped,
    [JsonStringEnumMemberName("failed")] Failed,
}
