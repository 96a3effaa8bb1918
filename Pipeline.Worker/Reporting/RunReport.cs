using VideoGen.Worker.Telemetry;

namespace VideoGen.Worker.Reporting;

/// <summary>Everything report.json holds: totals, one line per course, one line per lesson in catalog order.</summary>
public sealed record RunReport(
    string Catalog,
    string Provider,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    double ElapsedSeconds,
    double VideosPerMinute,
    Tally Totals,
    IReadOnlyList<CourseTally> Courses,
    IReadOnlyList<LessonResult> Lessons,
    Spend Spend)
{
    public static RunReport Create(
        string catalog, string provider, DateTimeOffset startedAt, DateTimeOffset finishedAt, IEnumerable<LessonResult> results, Spend spend)
    {
        var lessons = results.OrderBy(r => r.CatalogIndex).ToList();
        var courses = lessons
            .GroupBy(r => r.CourseId)
            .Select(g => new CourseTally(g.Key, g.First().CourseTitle, Tally.Of(g)) { Spent = g.Sum(r => r.Spent ?? 0) })
            .ToList();
        var elapsed = finishedAt - startedAt;
        var totals = Tally.Of(lessons);
        var perMinute = elapsed > TimeSpan.Zero ? totals.Succeeded / elapsed.TotalMinutes : 0;
        return new RunReport(catalog, provider, startedAt, finishedAt, Math.Round(elapsed.TotalSeconds, 3),
            Math.Round(perMinute, 2), totals, courses, lessons, spend with { EstimatedDollars = Math.Round(spend.EstimatedDollars, 4) });
    }
}

/// <param name="MedianLessonSeconds">Median time in the stages of the lessons made in this run, null when none was.</param>
/// <param name="Flagged">Lessons made in this run whose video was stored although it failed review.</param>
public sealed record Tally(int Lessons, int Succeeded, int Skipped, int Failed, double SuccessRate, double? MedianLessonSeconds, int Flagged = 0)
{
    /// <summary>Success rate counts skipped lessons as successes: they were made by an earlier run.</summary>
    public static Tally Of(IEnumerable<LessonResult> results)
    {
        int lessons = 0, skipped = 0, failed = 0, flagged = 0;
        var made = new List<double>();
        foreach (var result in results)
        {
            lessons++;
            switch (result.Status)
            {
                case LessonStatus.Succeeded:
                    made.Add(result.StageMs.Values.Sum() / 1000.0);
                    flagged += result.Review is { Passed: false } ? 1 : 0;
                    break;
                case LessonStatus.Skipped: skipped++; break;
                default: failed++; break;
            }
        }

        var rate = lessons == 0 ? 1 : (made.Count + skipped) / (double)lessons;
        return new Tally(lessons, made.Count, skipped, failed, Math.Round(rate, 4), Median(made), flagged);
    }

    private static double? Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        values.Sort();
        var middle = values.Count / 2;
        var median = values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
        return Math.Round(median, 3);
    }
}

/// <summary>A course's line in the report; its numbers are the same as a <see cref="Tally"/>'s.</summary>
public sealed record CourseTally(
    string CourseId, string Title, int Lessons, int Succeeded, int Skipped, int Failed, double SuccessRate, double? MedianLessonSeconds, int Flagged = 0)
{
    /// <summary>What the course's lessons paid for in this run, in US dollars.</summary>
    public decimal Spent { get; init; }

    public CourseTally(string courseId, string title, Tally tally)
        : this(courseId, title, tally.Lessons, tally.Succeeded, tally.Skipped, tally.Failed, tally.SuccessRate, tally.MedianLessonSeconds, tally.Flagged)
    {
    }
}
