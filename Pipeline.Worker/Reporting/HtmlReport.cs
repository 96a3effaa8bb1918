using System.Globalization;
using System.Net;
using System.Text;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Reporting;

/// <summary>
/// report.html: one file with its styles inline and no outside resources, opened from the output folder. Per
/// course a row of thumbnails linking to the videos, the failures with their reasons, and where time went per stage.
/// </summary>
public static class HtmlReport
{
    private const string Style = """
        body{font-family:system-ui,sans-serif;margin:2rem;background:#f8fafc;color:#0f172a}
        h1{margin:0 0 .25rem}h2{margin:2rem 0 .5rem}.muted{color:#64748b}
        .totals span{display:inline-block;margin-right:1.5rem;font-size:1.1rem}
        .ok{color:#15803d}.skip{color:#2563eb}.bad{color:#b91c1c}
        .row{display:flex;flex-wrap:wrap;gap:1rem}
        .card{width:256px;background:#fff;border:1px solid #e2e8f0;border-radius:8px;overflow:hidden}
        .card.failed{border-color:#fca5a5;background:#fef2f2}
        .card img{width:256px;height:144px;display:block;object-fit:cover;background:#0f172a}
        .card .body{padding:.5rem .75rem;font-size:.9rem}.card .reason{color:#b91c1c;font-size:.8rem}
        .card video{width:100%;margin-top:.4rem}.card summary{color:#64748b;font-size:.8rem;cursor:pointer}
        .flagged{color:#b45309}.card .flag{color:#b45309;font-weight:600;font-size:.8rem;margin-top:.25rem}.card .findings{color:#92400e;font-size:.75rem;margin:.2rem 0;padding-left:1rem}
        .bars div{display:flex;align-items:center;margin:.25rem 0}
        .bars .name{width:6rem}.bars .bar{height:1.1rem;background:#38bdf8;border-radius:3px;margin-right:.5rem}
        table{border-collapse:collapse}td,th{border-bottom:1px solid #e2e8f0;padding:.3rem .8rem;text-align:left}
        """;

    /// <param name="toOutput">Path from the page's folder back to the output folder, which the videos' paths start from.</param>
    public static string Render(RunReport report, string toOutput = "")
    {
        var html = new StringBuilder();
        var t = report.Totals;
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>VideoGen report</title><style>")
            .Append(Style).Append("</style></head><body>");
        html.Append("<h1>VideoGen run report</h1>");
        html.Append(CultureInfo.InvariantCulture,
            $"<p class=\"muted\">{E(report.Catalog)} &middot; provider {E(report.Provider)} &middot; {report.StartedAt:u} &middot; {report.ElapsedSeconds:0.0} s &middot; {report.VideosPerMinute:0.00} videos per minute</p>");
        html.Append(CultureInfo.InvariantCulture,
            $"<p class=\"totals\"><span>{t.Lessons} lessons</span><span class=\"ok\">{t.Succeeded} made</span><span class=\"skip\">{t.Skipped} skipped</span><span class=\"bad\">{t.Failed} failed</span><span class=\"flagged\">{t.Flagged} flagged</span><span>success rate {t.SuccessRate:P1}</span></p>");

        AppendTimeChart(html, report);
        AppendFailures(html, report);
        foreach (var course in report.Courses)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<h2>{E(course.Title.Length > 0 ? course.Title : course.CourseId)} <span class=\"muted\">{E(course.CourseId)} &middot; {course.Succeeded + course.Skipped}/{course.Lessons} videos{(course.Flagged > 0 ? $" &middot; {course.Flagged} flagged" : "")}</span></h2><div class=\"row\">");
            foreach (var lesson in report.Lessons.Where(l => l.CourseId == course.CourseId))
            {
                AppendCard(html, lesson, toOutput);
            }

            html.Append("</div>");
        }

        // Marks each thumbnail that loaded, so a headless browser can tell a broken page from a good one.
        html.Append("<script>for(const i of document.images){const m=()=>i.dataset.loaded=i.naturalWidth>0;")
            .Append("i.complete?m():(i.addEventListener('load',m),i.addEventListener('error',m));}</script>");
        html.Append("</body></html>");
        return html.ToString();
    }

    private static void AppendCard(StringBuilder html, LessonResult lesson, string toOutput)
    {
        var title = E(lesson.Title.Length > 0 ? lesson.Title : lesson.LessonId);
        if (lesson.Video is { } video)
        {
            var thumbnail = Path.ChangeExtension(video, ".jpg");
            var subtitles = Path.ChangeExtension(video, ".vtt");
            var language = E(lesson.Language ?? "en");
            var review = Review(lesson.Review);
            // The player loads nothing until opened; its subtitles are marked with the lesson's language.
            html.Append(CultureInfo.InvariantCulture,
                $"<div class=\"card\"><a href=\"{toOutput}{Url(video)}\"><img src=\"{toOutput}{Url(thumbnail)}\" alt=\"{title}\" loading=\"lazy\"></a>" +
                $"<div class=\"body\"><span lang=\"{language}\" dir=\"auto\">{title}</span><br><span class=\"{(lesson.Status == LessonStatus.Skipped ? "skip" : "ok")}\">{Status(lesson)}</span>" +
                $"{review}<details><summary>watch with subtitles</summary><video controls preload=\"none\" src=\"{toOutput}{Url(video)}\">" +
                $"<track kind=\"subtitles\" src=\"{toOutput}{Url(subtitles)}\" srclang=\"{language}\" label=\"{language}\" default></video></details></div></div>");
        }
        else
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<div class=\"card failed\"><div class=\"body\">{title}<br><span class=\"bad\">failed</span><div class=\"reason\">{E(lesson.Error ?? "")}</div></div></div>");
        }
    }

    /// <summary>Beside the thumbnail: a flag and what review found, or that a remake fixed the video.</summary>
    private static string Review(LessonReview? review) => review switch
    {
        { Passed: false } r => $"<div class=\"flag\">flagged by review{(r.Remade > 0 ? $" after {r.Remade} remake" : "")}{Quiz(r)}</div>" +
                               $"<ul class=\"findings\">{string.Concat(r.Findings.Select(f => $"<li>{E(f)}</li>"))}</ul>",
        { Remade: > 0 } r => $"<div class=\"muted\">passed review after {r.Remade} remake{Quiz(r)}</div>",
        { Score: not null } r => $"<div class=\"muted\">passed review{Quiz(r)}</div>",
        _ => "",
    };

    private static string Quiz(LessonReview review) =>
        review.Score is { } score ? string.Create(CultureInfo.InvariantCulture, $"; quiz {score * 100:0}%") : "";

    private static void AppendFailures(StringBuilder html, RunReport report)
    {
        var failed = report.Lessons.Where(l => l.Status == LessonStatus.Failed).ToList();
        if (failed.Count == 0)
        {
            return;
        }

        html.Append("<h2 class=\"bad\">Failures</h2><table><tr><th>Lesson</th><th>Where</th><th>Stage</th><th>Reason</th></tr>");
        foreach (var l in failed)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{E(l.CourseId)}/{E(l.LessonId)}</td><td>{E(l.Location ?? "")}</td><td>{E(l.FailedStage ?? "")}</td><td>{E(l.Error ?? "")}</td></tr>");
        }

        html.Append("</table>");
    }

    private static void AppendTimeChart(StringBuilder html, RunReport report)
    {
        var perStage = report.Lessons
            .SelectMany(l => l.StageMs)
            .GroupBy(s => s.Key)
            .Select(g => (Stage: g.Key, Seconds: g.Sum(s => s.Value) / 1000.0))
            .ToList();
        if (perStage.Count == 0)
        {
            return;
        }

        var max = Math.Max(perStage.Max(s => s.Seconds), 0.001);
        var total = Math.Max(perStage.Sum(s => s.Seconds), 0.001);
        html.Append("<h2>Where time went</h2><div class=\"bars\">");
        foreach (var (stage, seconds) in perStage)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<div><span class=\"name\">{E(stage)}</span><span class=\"bar\" style=\"width:{Math.Max(1, 480 * seconds / max):0}px\"></span>{seconds:0.0} s ({seconds / total:P0})</div>");
        }

        html.Append("</div><p class=\"muted\">Time summed over lessons; stages run in parallel, so the sum exceeds the run's length.</p>");
    }

    private static string Status(LessonResult lesson) =>
        lesson.Status == LessonStatus.Skipped ? "made earlier" : $"made in {lesson.StageMs.Values.Sum() / 1000.0:0.0} s";

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Url(string relativePath) =>
        string.Join('/', relativePath.Split(Path.DirectorySeparatorChar).Select(Uri.EscapeDataString));
}
