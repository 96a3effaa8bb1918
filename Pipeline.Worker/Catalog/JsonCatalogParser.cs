using System.Text.Json;

namespace VideoGen.Worker.Catalog;

/// <summary>
/// Parses <c>{"courses":[{"id","title","lessons":[{"id","title","text"}]}]}</c>; a course or a lesson may also give its
/// <c>"language"</c> (a lesson's wins), and a lesson its <c>"image"</c> (a path relative to the catalog).
/// </summary>
internal static class JsonCatalogParser
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    public static async Task<IReadOnlyList<Lesson>> ParseAsync(string path, Stream stream, CancellationToken cancellationToken)
    {
        CatalogDocument? document;
        try
        {
            document = await JsonSerializer.DeserializeAsync<CatalogDocument>(stream, Options, cancellationToken);
        }
        catch (JsonException ex)
        {
            var line = ex.LineNumber is { } l ? $"line {l + 1}: " : "";
            var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "" : $"at {ex.Path}: ";
            throw new CatalogFormatException($"{path}: {line}{field}invalid JSON: {FirstSentence(ex.Message)}", ex);
        }

        if (document?.Courses is null)
        {
            throw new CatalogFormatException($"{path}: the JSON has no \"courses\" array (expected {{\"courses\":[{{\"id\",\"title\",\"lessons\":[...]}}]}})");
        }

        var lessons = new List<Lesson>();
        for (var c = 0; c < document.Courses.Count; c++)
        {
            var course = document.Courses[c];
            if (course is null)
            {
                throw new CatalogFormatException($"{path}: at $.courses[{c}]: a course is null");
            }

            var courseLessons = course.Lessons ?? [];
            for (var l = 0; l < courseLessons.Count; l++)
            {
                var lesson = courseLessons[l];
                var location = $"$.courses[{c}].lessons[{l}]";
                lessons.Add(lesson is null
                    ? new Lesson(course.Id ?? "", course.Title ?? "", "", "", "", location, "the lesson is null")
                    : new Lesson(course.Id ?? "", course.Title ?? "", lesson.Id ?? "", lesson.Title ?? "", lesson.Text ?? "", location,
                        Language: Given(lesson.Language) ?? Given(course.Language), Image: CatalogImages.Resolve(path, lesson.Image))
                    {
                        Instructions = Join(document.Instructions, course.Instructions, lesson.Instructions),
                    });
            }
        }

        return lessons;
    }

    // System.Text.Json appends its own "Path: ... | LineNumber: ..." which the message above already says.
    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private sealed record CatalogDocument(List<CourseDocument?>? Courses, string? Instructions = null);

    // The catalog's instructions hold for all its lessons, a course's for its own; the most particular come last.
    private static string? Join(params string?[] instructions) =>
        instructions.Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i!.Trim()).ToList() is { Count: > 0 } given ? string.Join("\n", given) : null;

    private static string? Given(string? language) => string.IsNullOrWhiteSpace(language) ? null : language.Trim();

    private sealed record CourseDocument(string? Id, string? Title, List<LessonDocument?>? Lessons, string? Language = null, string? Instructions = null);

    private sealed record LessonDocument(string? Id, string? Title, string? Text, string? Language = null, string? Image = null, string? Instructions = null);
}
