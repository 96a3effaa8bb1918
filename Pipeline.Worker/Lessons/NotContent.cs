using System.Text.RegularExpressions;

namespace VideoGen.Worker.Lessons;

/// <summary>
/// What lessons carry besides their content: quiz and assignment sections, credits, attributions of pictures, and
/// sentences that only lead into what follows. None of it is narrated or shown as a key point.
/// </summary>
public static partial class NotContent
{
    // Headings of sections that hold a link elsewhere rather than teaching: quizzes, assignments, credits, contents. The
    // words are given in the languages courses are most often translated into.
    [GeneratedRegex(
        @"\b(?:quiz(?:zes)?|assignments?|credits?|table of contents|contents|licen[cs]e|self[- ]study|further reading|additional resources|references|cuestionario|questionário|questionnaire|tarea|asignación|autoestudio|devoir|aufgabe|тест|викторина)\b|クイズ|課題|自主学習|测验|測驗|小测|作业|自学|اختبار|الواجب|المهمة|الدراسة الذاتية|آزمون|تکلیف|מבחן|חידון|퀴즈|과제|प्रश्नोत्तरी|क्विज़",
        RegexOptions.IgnoreCase)]
    private static partial Regex NonContentHeading();

    // "Sketchnote by Tomomi Imura", "Photo by X on Unsplash", "Image credit: ...", "Source: ...".
    [GeneratedRegex(
        @"^\W*(?:(?:sketch\s?note|image|photo|picture|illustration|graphic|drawing|infographic|video|diagram|figure)s?\b.{0,60}?\b(?:by|from|courtesy|credit)\b|(?:image |photo )?(?:credits?|source|attribution)\s*:)",
        RegexOptions.IgnoreCase)]
    private static partial Regex Attribution();

    // Sentences that announce rather than state ("Here's what this code does", "In the previous section", "Change the
    // value in the following way").
    [GeneratedRegex(
        @"^(?:here(?:'s| is| are)\b|in the (?:previous|next|last|following) (?:section|lesson|part|example)|(?:the|this) following\b|as (?:shown|you can see) (?:below|above|here)|for example,? (?:here|take|consider)|(?:food for thought|fun fact|did you know)\b)|\bin the following way\b|\b(?:as follows|shown below)\W*$",
        RegexOptions.IgnoreCase)]
    private static partial Regex Announcement();

    private const int MaxLeadInWords = 10;

    public static bool IsNonContentHeading(string heading) => NonContentHeading().IsMatch(heading);

    public static bool IsAttribution(string text) => Attribution().IsMatch(text);

    /// <summary>A sentence that only introduces what follows it: it ends in a colon, or is a short announcement.</summary>
    public static bool IsLeadIn(string sentence)
    {
        var trimmed = sentence.TrimEnd();
        return trimmed.EndsWith(':') || trimmed.EndsWith('：') || (IsAnnouncement(trimmed) && Text.Sentences.CountWords(trimmed) <= MaxLeadInWords);
    }

    /// <summary>A sentence that points at something else ("Here's a cool fact..."): worth saying, perhaps, but not a key point.</summary>
    public static bool IsAnnouncement(string sentence) => Announcement().IsMatch(new string(sentence.SkipWhile(c => !char.IsLetterOrDigit(c)).ToArray()));

    /// <summary>A key point must state something: not a question, an exclamation ("Hey there!") or a few symbols.</summary>
    public static bool IsStatement(string sentence)
    {
        var trimmed = sentence.TrimEnd(' ', '"', '”', '’', ')', '」', '』');
        return trimmed.Length > 0 && !"?!？！؟¿¡".Contains(trimmed[^1]) && trimmed.Count(char.IsLetter) >= 3;
    }

    /// <summary>Whether two texts say the same, letters and digits compared without case: a heading repeating the title.</summary>
    public static bool Repeats(string text, string title)
    {
        var a = Letters(text);
        var b = Letters(title);
        if (a.Length == 0 || b.Length == 0)
        {
            return false;
        }

        // A point may name part of the title ("Data types"); what it may not do is be the title, whole or nearly.
        return a.Contains(b, StringComparison.Ordinal) || (b.Contains(a, StringComparison.Ordinal) && a.Length * 5 >= b.Length * 4);
    }

    private static string Letters(string text) => new(text.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
}
