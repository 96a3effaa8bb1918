using System.Globalization;
using System.Text.RegularExpressions;
using Lingua;

namespace VideoGen.Worker.Text;

/// <summary>The language a lesson is in: the catalog's, or detected from its text when it gives none or an unknown one.</summary>
/// <param name="Tag">A BCP-47 tag, its language subtag in lower case: <c>fr</c>, <c>pt-BR</c>, <c>ja</c>.</param>
/// <param name="Warning">Why the catalog's language was not used, or null.</param>
public sealed record LanguageChoice(string Tag, bool Detected, string? Warning = null)
{
    /// <summary>The language subtag alone: <c>pt</c> for <c>pt-BR</c>.</summary>
    public string Primary => Tag.Split('-')[0];
}

/// <summary>
/// Decides a lesson's language. Detection uses Lingua's statistical models (all the languages it knows, in its low
/// accuracy mode, which is fast and light and enough for a lesson's worth of text); where it cannot tell, the writing
/// system decides (Devanagari: Hindi, kana: Japanese, and so on), and English is the last resort.
/// </summary>
public static partial class Languages
{
    private const int SampleLength = 2_000;

    /// <summary>Unaccented text of fewer words than this is taken as English: statistics on a few words are guesses.</summary>
    private const int ShortestToTell = 8;

    private static readonly Lazy<LanguageDetector> Detector =
        new(() => LanguageDetectorBuilder.FromAllLanguages().WithLowAccuracyMode().Build());

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")]
    private static partial Regex WellFormed();

    public static LanguageChoice Resolve(string? given, string text)
    {
        if (given is null)
        {
            return new LanguageChoice(Detect(text), Detected: true);
        }

        if (Normalize(given) is { } known)
        {
            return new LanguageChoice(known, Detected: false);
        }

        var detected = Detect(text);
        return new LanguageChoice(detected, Detected: true,
            $"the catalog's language '{Printable(given)}' is not a language code VideoGen knows; detected '{detected}' from the text instead");
    }

    /// <summary>The language of <paramref name="text"/> as a two-letter code where one exists.</summary>
    public static string Detect(string text)
    {
        var sample = text.Length > SampleLength ? text[..SampleLength] : text;
        if (IsPlainEnglish(sample))
        {
            return "en";
        }

        var language = Detector.Value.DetectLanguageOf(sample);
        if (language != Language.Unknown && language.IsoCode6391() != IsoCode6391.None)
        {
            return language.IsoCode6391().ToString().ToLowerInvariant();
        }

        return ByWritingSystem(sample) ?? "en";
    }

    /// <summary>The language's name in English ("Japanese" for <c>ja</c>), for prompts; the tag itself when unknown.</summary>
    public static string EnglishName(string tag)
    {
        var primary = tag.Split('-')[0];
        var known = Enum.GetValues<Language>().Where(l => l != Language.Unknown).Cast<Language?>().FirstOrDefault(l =>
            l!.Value.IsoCode6391().ToString().Equals(primary, StringComparison.OrdinalIgnoreCase) ||
            l.Value.IsoCode6393().ToString().Equals(primary, StringComparison.OrdinalIgnoreCase));
        return known?.ToString() ?? tag;
    }

    /// <summary>The tag with its language subtag in lower case and its region in upper case, or null when not a known language.</summary>
    public static string? Normalize(string tag)
    {
        if (!WellFormed().IsMatch(tag))
        {
            return null;
        }

        var parts = tag.Split('-');
        var primary = parts[0].ToLowerInvariant();
        var known = primary.Length == 2
            ? Enum.TryParse<IsoCode6391>(primary, ignoreCase: true, out var two) && two != IsoCode6391.None
            : Enum.TryParse<IsoCode6393>(primary, ignoreCase: true, out var three) && three != IsoCode6393.None;
        if (!known)
        {
            return null;
        }

        var rest = parts.Skip(1).Select(p => p.Length == 2 ? p.ToUpperInvariant() : p.Length == 4 ? CultureInfo.InvariantCulture.TextInfo.ToTitleCase(p.ToLowerInvariant()) : p.ToLowerInvariant());
        return string.Join('-', rest.Prepend(primary));
    }

    /// <summary>
    /// Unaccented text that is very short, or in which English's most common words are frequent, is English: most catalogs are, and this way
    /// they never wait for the statistical models to load (about 2 s, once per process).
    /// </summary>
    private static bool IsPlainEnglish(string text)
    {
        if (text.Any(c => c > 0x7F))
        {
            return false;
        }

        // Too few words to tell a language by (a title, "Lesson 4"): the default.
        var words = WordPattern().Matches(text).Select(m => m.Value.ToLowerInvariant()).ToList();
        return words.Count < ShortestToTell || words.Count(EnglishFunctionWords.Contains) >= words.Count / 5.0;
    }

    // Words frequent in English and rare elsewhere ("a", "in", "is", "on" are left out: other languages use them too).
    private static readonly HashSet<string> EnglishFunctionWords =
    [
        "the", "and", "of", "to", "that", "with", "for", "this", "are", "you", "your", "can", "will", "not", "from",
        "which", "when", "it", "its", "be", "by", "or", "as", "have", "has", "each", "their", "they", "we", "our",
        "what", "how", "there", "these", "those", "then", "than", "but", "if", "into", "over", "until", "while", "about",
    ];

    [GeneratedRegex("[A-Za-z']+")]
    private static partial Regex WordPattern();

    /// <summary>The language its most used writing system implies, for text a statistical model cannot place.</summary>
    private static string? ByWritingSystem(string text)
    {
        var counts = new Dictionary<string, int>();
        foreach (var rune in text.EnumerateRunes())
        {
            var language = rune.Value switch
            {
                >= 0x3040 and <= 0x30FF => "ja",
                >= 0xAC00 and <= 0xD7AF or >= 0x1100 and <= 0x11FF => "ko",
                >= 0x4E00 and <= 0x9FFF or >= 0x3400 and <= 0x4DBF => "zh",
                >= 0x0600 and <= 0x06FF or >= 0x0750 and <= 0x077F => "ar",
                >= 0x0590 and <= 0x05FF => "he",
                >= 0x0900 and <= 0x097F => "hi",
                >= 0x0E00 and <= 0x0E7F => "th",
                >= 0x0370 and <= 0x03FF => "el",
                >= 0x0400 and <= 0x04FF => "ru",
                _ => null,
            };
            if (language is not null)
            {
                counts[language] = counts.GetValueOrDefault(language) + 1;
            }
        }

        // Japanese is written with kanji too: any kana at all makes Han characters Japanese.
        if (counts.ContainsKey("ja") && counts.TryGetValue("zh", out var han))
        {
            counts["ja"] += han;
            counts.Remove("zh");
        }

        return counts.Count == 0 ? null : counts.MaxBy(c => c.Value).Key;
    }

    private static string Printable(string text) => text.Length > 20 ? text[..20] + "..." : text;
}
