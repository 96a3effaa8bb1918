using System.Globalization;
using System.Text;

namespace VideoGen.Worker.Reporting;

/// <summary>The per-course statistics of a run as a table: plain text for the log, markdown for report.md.</summary>
public static class CourseTable
{
    private static readonly string[] PlainHeaders = ["Course", "Lessons", "Made", "Skipped", "Failed", "Flagged", "Success rate", "Median per lesson"];

    // A run that paid for nothing (the local provider) has no column for it.
    private static string[] Headers(RunReport report) => report.Courses.Any(c => c.Spent > 0) ? [.. PlainHeaders, "Spent"] : PlainHeaders;

    public static string Text(RunReport report)
    {
        var headers = Headers(report);
        var rows = Rows(report).ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows.Prepend(headers))
        {
            text.AppendLine(string.Join("  ", row.Select((cell, i) => i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))).TrimEnd());
        }

        return text.ToString();
    }

    public static string Markdown(RunReport report)
    {
        var text = new StringBuilder();
        var headers = Headers(report);
        text.AppendLine("| " + string.Join(" | ", headers) + " |");
        text.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---:|", headers.Length - 1)));
        foreach (var row in Rows(report))
        {
            text.AppendLine("| " + string.Join(" | ", row.Select(MarkdownCell)) + " |");
        }

        return text.ToString();
    }

    /// <summary>One line, no column breaks, nothing that reads as markup.</summary>
    public static string MarkdownCell(string text) =>
        Worker.Text.Sentences.Normalize(text).Replace("|", "\\|", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);

    private static IEnumerable<string[]> Rows(RunReport report)
    {
        var spent = Headers(report).Length > PlainHeaders.Length;
        foreach (var c in report.Courses)
        {
            var row = Row(c.CourseId, c.Lessons, c.Succeeded, c.Skipped, c.Failed, c.Flagged, c.SuccessRate, c.MedianLessonSeconds);
            yield return spent ? [.. row, Dollars(c.Spent)] : row;
        }

        var t = report.Totals;
        var total = Row("all courses", t.Lessons, t.Succeeded, t.Skipped, t.Failed, t.Flagged, t.SuccessRate, t.MedianLessonSeconds);
        yield return spent ? [.. total, Dollars(report.Courses.Sum(c => c.Spent))] : total;
    }

    private static string Dollars(decimal dollars) => dollars.ToString("$0.00", CultureInfo.InvariantCulture);

    private static string[] Row(string name, int lessons, int made, int skipped, int failed, int flagged, double rate, double? median) =>
    [
        name,
        lessons.ToString(CultureInfo.InvariantCulture),
        made.ToString(CultureInfo.InvariantCulture),
        skipped.ToString(CultureInfo.InvariantCulture),
        failed.ToString(CultureInfo.InvariantCulture),
        flagged.ToString(CultureInfo.InvariantCulture),
        rate.ToString("P1", CultureInfo.InvariantCulture),
        median is { } m ? m.ToString("0.0 's'", CultureInfo.InvariantCulture) : "-",
    ];
}
