using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace VideoGen.Worker.Reporting;

/// <summary>Writes report.json, report.md and report.html into the output folder (each atomically) and logs the summary.</summary>
public sealed class ReportWriter(ILogger<ReportWriter> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Folder, under the output folder, that keeps each queued catalog's report.</summary>
    public const string CatalogReportsFolder = "reports";

    public Task WriteAsync(RunReport report, string output, CancellationToken cancellationToken) =>
        WriteAsync(report, output, "", cancellationToken);

    /// <summary>
    /// Writes a queued catalog's report in a folder of its own, so catalogs do not overwrite each other's, and again
    /// in the output folder as the latest one. Returns the catalog's folder.
    /// </summary>
    public async Task<string> WriteCatalogAsync(RunReport report, string output, string catalogId, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateDirectory(Path.Combine(output, CatalogReportsFolder, catalogId)).FullName;
        await WriteAsync(report, folder, "../../", cancellationToken);
        await WriteAsync(report, output, cancellationToken);
        return folder;
    }

    /// <param name="toOutput">Path from <paramref name="folder"/> back to the output folder, which the videos' paths start from.</param>
    private static async Task WriteAsync(RunReport report, string folder, string toOutput, CancellationToken cancellationToken)
    {
        await WriteAtomicallyAsync(Path.Combine(folder, "report.json"), JsonSerializer.Serialize(report, Json), cancellationToken);
        await WriteAtomicallyAsync(Path.Combine(folder, "report.md"), Markdown(report, toOutput), cancellationToken);
        await WriteAtomicallyAsync(Path.Combine(folder, "report.html"), HtmlReport.Render(report, toOutput), cancellationToken);
    }

    public void LogSummary(RunReport report)
    {
        var t = report.Totals;
        logger.LogInformation(
            "Run finished in {Elapsed}: {Lessons} lessons, {Succeeded} made, {Skipped} skipped, {Failed} failed; success rate {Rate:P1}; {PerMinute:0.00} videos per minute",
            TimeSpan.FromSeconds(report.ElapsedSeconds).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture),
            t.Lessons, t.Succeeded, t.Skipped, t.Failed, t.SuccessRate, report.VideosPerMinute);
        logger.LogInformation("Per course:\n{Table}", CourseTable.Text(report));
        foreach (var failed in report.Lessons.Where(l => l.Status == LessonStatus.Failed))
        {
            logger.LogWarning("Failed {CourseId}/{LessonId} ({Location}): {Error}", failed.CourseId, failed.LessonId, failed.Location, failed.Error);
        }

        foreach (var lesson in report.Lessons.Where(l => l.Review is { Passed: false }))
        {
            logger.LogWarning("Stored {CourseId}/{LessonId} flagged by review: {Findings}", lesson.CourseId, lesson.LessonId, string.Join("; ", lesson.Review!.Findings));
        }

        foreach (var lesson in report.Lessons.Where(l => l.Warnings is { Count: > 0 }))
        {
            logger.LogWarning("Made {CourseId}/{LessonId} with a warning: {Warnings}", lesson.CourseId, lesson.LessonId, string.Join("; ", lesson.Warnings!));
        }
    }

    private static string Markdown(RunReport report, string toOutput)
    {
        var t = report.Totals;
        var md = new StringBuilder();
        md.AppendLine("# VideoGen run report").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"Catalog `{report.Catalog}`, provider `{report.Provider}`, started {report.StartedAt:u}, took {report.ElapsedSeconds:0.0} s ({report.VideosPerMinute:0.00} videos per minute).");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"**{t.Lessons} lessons: {t.Succeeded} made, {t.Skipped} skipped, {t.Failed} failed. Success rate {t.SuccessRate:P1}.**");
        if (report.Spend is { } spent && (spent.VeoClips > 0 || spent.PromptTokens > 0))
        {
            var byPurpose = spent.ByPurpose.Count == 0 ? "" : ": " + string.Join(", ",
                spent.ByPurpose.OrderByDescending(p => p.Value).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} ${p.Value:0.00}")));
            md.AppendLine().AppendLine(CultureInfo.InvariantCulture,
                $"Paid for: {spent.VeoClips} Veo clips ({spent.VeoSeconds} s of video); Gemini tokens: {spent.PromptTokens} prompt, " +
                $"{spent.CandidateTokens} answer, {spent.ThoughtTokens} thinking. Estimated cost ${spent.EstimatedDollars:0.00} at the models' prices{byPurpose}.");
        }

        var reviewedByGemini = report.Lessons.Where(l => l.Review?.Tokens is > 0).ToList();
        if (reviewedByGemini.Count > 0)
        {
            var scores = reviewedByGemini.Where(l => l.Review!.Score is not null).Select(l => l.Review!.Score!.Value).ToList();
            var average = scores.Count > 0 ? string.Create(CultureInfo.InvariantCulture, $"; average quiz score {scores.Average() * 100:0}%") : "";
            md.AppendLine().AppendLine(CultureInfo.InvariantCulture,
                $"Gemini reviewed {reviewedByGemini.Count} videos with {reviewedByGemini.Sum(l => l.Review!.Tokens!.Value)} tokens " +
                $"(estimated ${reviewedByGemini.Sum(l => l.Review!.Dollars ?? 0):0.00}, part of the cost above){average}.");
        }

        var lost = report.Lessons.Where(l => l.LostClips is { Count: > 0 }).ToList();
        if (lost.Count > 0)
        {
            md.AppendLine().AppendLine("## Clips whose answer was lost").AppendLine();
            md.AppendLine("Requested, perhaps paid, never received; their scenes are slides. `--resubmit-unknown` requests them again.").AppendLine();
            md.AppendLine("| Course | Lesson | Scene | Prompt | What happened |");
            md.AppendLine("|---|---|---:|---|---|");
            foreach (var l in lost)
            {
                foreach (var clip in l.LostClips!)
                {
                    md.AppendLine(CultureInfo.InvariantCulture,
                        $"| {Cell(l.CourseId)} | {Cell(l.LessonId)} | {clip.Scene} | {Cell(clip.Prompt)} | {Cell(clip.Reason)} |");
                }
            }
        }

        var warned = report.Lessons.Where(l => l.Warnings is { Count: > 0 }).ToList();
        if (warned.Count > 0)
        {
            md.AppendLine().AppendLine("## Warnings").AppendLine();
            md.AppendLine("| Course | Lesson | Language | Voice | Warning |");
            md.AppendLine("|---|---|---|---|---|");
            foreach (var l in warned)
            {
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {Cell(l.CourseId)} | {Cell(l.LessonId)} | {Cell(l.Language ?? "")} | {Cell(l.Voice ?? "")} | {Cell(string.Join("; ", l.Warnings!))} |");
            }
        }

        var reviewed = report.Lessons.Where(l => l.Review is { } r && (!r.Passed || r.Remade > 0)).ToList();
        if (reviewed.Count > 0)
        {
            md.AppendLine().AppendLine("## Review").AppendLine();
            md.AppendLine("| Course | Lesson | Outcome | Remade | Quiz | Findings |");
            md.AppendLine("|---|---|---|---:|---:|---|");
            foreach (var l in reviewed)
            {
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {Cell(l.CourseId)} | {Cell(l.LessonId)} | {(l.Review!.Passed ? "passed" : "flagged")} | {l.Review.Remade} | {(l.Review.Score is { } score ? $"{score * 100:0}%" : "")} | {Cell(string.Join("; ", l.Review.Findings))} |");
            }
        }

        md.AppendLine().AppendLine("## Courses").AppendLine();
        md.Append(CourseTable.Markdown(report));
        md.AppendLine().AppendLine("## Lessons").AppendLine();
        md.AppendLine("| Course | Lesson | Status | Attempts | Video | Worker | Error |");
        md.AppendLine("|---|---|---|---:|---|---|---|");
        foreach (var l in report.Lessons)
        {
            var video = l.Video is null ? "" : $"[{Cell(l.Video)}]({toOutput}{l.Video.Replace('\\', '/')})";
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {Cell(l.CourseId)} | {Cell(l.LessonId)} | {l.Status.ToString().ToLowerInvariant()} | {l.Attempts} | {video} | {Cell(l.Worker ?? "")} | {Cell(l.Error ?? "")} |");
        }

        return md.ToString();
    }

    private static string Cell(string text) => CourseTable.MarkdownCell(text);

    private static async Task WriteAtomicallyAsync(string path, string content, CancellationToken cancellationToken)
    {
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        await File.WriteAllTextAsync(temporary, content, new UTF8Encoding(false), cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }
}
