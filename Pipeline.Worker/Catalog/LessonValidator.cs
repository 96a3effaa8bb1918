namespace VideoGen.Worker.Catalog;

/// <summary>Marks each lesson that cannot be made with the reason; valid lessons pass through unchanged.</summary>
public static class LessonValidator
{
    public static IReadOnlyList<Lesson> Validate(IReadOnlyList<Lesson> lessons)
    {
        // Case-insensitive: ids that differ only by case would share a file on case-insensitive file systems.
        var firstSeen = new Dictionary<(string Course, string Lesson), string>(CaseInsensitivePair.Instance);
        var result = new List<Lesson>(lessons.Count);
        foreach (var lesson in lessons)
        {
            var problem = lesson.Problem ?? FindProblem(lesson);
            if (problem is null)
            {
                var key = (lesson.CourseId, lesson.Id);
                if (firstSeen.TryGetValue(key, out var first))
                {
                    problem = $"duplicate lesson id '{lesson.Id}' in course '{lesson.CourseId}' (first at {first})";
                }
                else
                {
                    firstSeen[key] = lesson.Location;
                }
            }

            result.Add(problem is null ? lesson : lesson with { Problem = problem });
        }

        return result;
    }

    private static string? FindProblem(Lesson lesson)
    {
        if (SafeId.Check(lesson.CourseId) is { } courseProblem)
        {
            return $"course id {courseProblem}";
        }

        if (SafeId.Check(lesson.Id) is { } lessonProblem)
        {
            return $"lesson id {lessonProblem}";
        }

        if (string.IsNullOrWhiteSpace(lesson.Title) && string.IsNullOrWhiteSpace(lesson.Text))
        {
            return "the lesson has neither a title nor a text";
        }

        if (lesson.Image is { } image && ImageFiles.FindProblem(image) is { } imageProblem)
        {
            return $"its image {image} cannot be used: {imageProblem}";
        }

        return null;
    }

    private sealed class CaseInsensitivePair : IEqualityComparer<(string Course, string Lesson)>
    {
        public static readonly CaseInsensitivePair Instance = new();

        public bool Equals((string Course, string Lesson) x, (string Course, string Lesson) y) =>
            StringComparer.OrdinalIgnoreCase.Equals(x.Course, y.Course) &&
            StringComparer.OrdinalIgnoreCase.Equals(x.Lesson, y.Lesson);

        public int GetHashCode((string Course, string Lesson) obj) => HashCode.Combine(
            StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Course),
            StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Lesson));
    }
}
