using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace VideoGen.Worker.Catalog;

/// <summary>
/// Parses CSV with the header <c>courseId,courseTitle,lessonId,lessonTitle,text</c> (RFC 4180 quoting), and an optional
/// <c>language</c> column, an optional <c>image</c> column (a path relative to the catalog) and an optional
/// <c>instructions</c> column (what the lesson's script should stress, for whom).
/// </summary>
internal static class CsvCatalogParser
{
    private static readonly string[] Columns = ["courseId", "courseTitle", "lessonId", "lessonTitle", "text"];

    public static IReadOnlyList<Lesson> Parse(string path, Stream stream)
    {
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            PrepareHeaderForMatch = args => args.Header.Trim().ToLowerInvariant(),
            DetectColumnCountChanges = true,
            BadDataFound = args => throw new CatalogFormatException(
                $"{path}: line {args.Context.Parser?.RawRow}: malformed quoting in field {Shorten(args.Field)}"),
        };

        using var reader = new StreamReader(stream, detectEncodingFromByteOrderMarks: true);
        using var csv = new CsvReader(reader, configuration);
        var lessons = new List<Lesson>();
        var courseTitles = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            if (!csv.Read() || !csv.ReadHeader())
            {
                throw new CatalogFormatException($"{path}: the CSV is empty (expected the header {string.Join(',', Columns)})");
            }

            var header = csv.HeaderRecord ?? [];
            var missing = Columns.Where(c => !header.Any(h => h.Trim().Equals(c, StringComparison.OrdinalIgnoreCase))).ToList();
            if (missing.Count > 0)
            {
                throw new CatalogFormatException(
                    $"{path}: line 1: the header lacks {string.Join(", ", missing)} (expected {string.Join(',', Columns)})");
            }

            var hasLanguage = header.Any(h => h.Trim().Equals("language", StringComparison.OrdinalIgnoreCase));
            var hasImage = header.Any(h => h.Trim().Equals("image", StringComparison.OrdinalIgnoreCase));
            var hasInstructions = header.Any(h => h.Trim().Equals("instructions", StringComparison.OrdinalIgnoreCase));
            while (csv.Read())
            {
                var line = csv.Parser.RawRow;
                var courseId = csv.GetField("courseid") ?? "";
                var courseTitle = csv.GetField("coursetitle") ?? "";
                if (!courseTitles.TryGetValue(courseId, out var knownTitle))
                {
                    courseTitles[courseId] = knownTitle = courseTitle;
                }

                lessons.Add(new Lesson(
                    courseId,
                    string.IsNullOrWhiteSpace(knownTitle) ? courseTitle : knownTitle,
                    csv.GetField("lessonid") ?? "",
                    csv.GetField("lessontitle") ?? "",
                    csv.GetField("text") ?? "",
                    $"line {line}",
                    Language: hasLanguage && csv.GetField("language") is { Length: > 0 } language && !string.IsNullOrWhiteSpace(language) ? language.Trim() : null,
                    Image: hasImage ? CatalogImages.Resolve(path, csv.GetField("image")) : null)
                {
                    Instructions = hasInstructions && csv.GetField("instructions") is { } instructions && !string.IsNullOrWhiteSpace(instructions) ? instructions.Trim() : null,
                });
            }
        }
        catch (CsvHelperException ex)
        {
            var line = ex.Context?.Parser?.RawRow;
            throw new CatalogFormatException($"{path}: line {line}: malformed CSV: {FirstLine(ex.Message)}", ex);
        }

        return lessons;
    }

    private static string Shorten(string field) =>
        field.Length > 40 ? $"'{SafeId.Printable(field[..40])}...'" : $"'{SafeId.Printable(field)}'";

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
