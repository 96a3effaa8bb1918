using System.Text;
using System.Text.RegularExpressions;

namespace VideoGen.Worker.Text;

/// <summary>Splits plain text into sentences and words the way narration needs them.</summary>
public static partial class Sentences
{
    // A sentence ends at . ! or ? followed by white space and something that does not look like the
    // middle of a sentence (a lower-case letter, as after "e.g." or "i.e."), or at a full-width 。！？, which
    // Chinese and Japanese follow with no space.
    [GeneratedRegex(@"(?<=[.!?][""')\]]?)\s+(?=[^\p{Ll}\s])|(?<=[。！？][」』）]?)\s*(?=\S)")]
    private static partial Regex Boundary();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();

    public static IReadOnlyList<string> Split(string text) =>
        Boundary().Split(Normalize(text)).Where(s => s.Length > 0).ToList();

    /// <summary>
    /// Words, for budgets and pacing. Scripts written without spaces (Chinese, Japanese, Thai and their neighbours)
    /// count one word per two and a half characters, about what a word takes there.
    /// </summary>
    public static int CountWords(string text)
    {
        var words = 0;
        foreach (var token in text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var dense = token.Count(IsWrittenWithoutSpaces);
            words += dense == 0 ? 1 : Math.Max(1, (int)Math.Ceiling((dense / 2.5) + (token.Length - dense > 0 ? 1 : 0)));
        }

        return words;
    }

    /// <summary>Whether a character belongs to a script that does not separate words with spaces.</summary>
    public static bool IsWrittenWithoutSpaces(char c) => c is
        (>= '\u3040' and <= '\u30ff') or // kana
        (>= '\u3400' and <= '\u4dbf') or (>= '\u4e00' and <= '\u9fff') or (>= '\uf900' and <= '\ufaff') or // ideographs
        (>= '\u0e00' and <= '\u0eff') or // Thai, Lao
        (>= '\u1000' and <= '\u109f') or // Myanmar
        (>= '\u1780' and <= '\u17ff'); // Khmer

    /// <summary>Collapses white space and drops control characters, which neither speech nor slides can use.</summary>
    public static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        return WhiteSpace().Replace(builder.ToString(), " ").Trim();
    }

    /// <summary>
    /// Drops emoji (pictographs, dingbats, flags, keycaps and their joiners): a narrator reads them out by name, and the
    /// slides' fonts draw them as boxes.
    /// </summary>
    public static string WithoutEmoji(string text)
    {
        if (!text.Any(c => char.IsSurrogate(c) || c is >= '\u2600' and <= '\u27bf' or >= '\u2b00' and <= '\u2bff' or >= '\u231a' and <= '\u23fa' or '\ufe0f' or '\u200d' or '\u20e3'))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            var isEmoji = rune.Value is (>= 0x1F000 and <= 0x1FAFF) or (>= 0x2600 and <= 0x27BF) or 0x231A or 0x231B or (>= 0x23E9 and <= 0x23FA) or (>= 0x2B00 and <= 0x2BFF) or 0xFE0F or 0x200D or 0x20E3
                or (>= 0xE0020 and <= 0xE007F);
            if (!isEmoji)
            {
                builder.Append(rune.ToString());
            }
        }

        return builder.ToString();
    }

    /// <summary>Ends a sentence with punctuation so speech pauses after headings and list items.</summary>
    public static string Terminate(string sentence) =>
        sentence.Length == 0 || ".!?:;。！？：；".Contains(sentence[^1]) ? sentence
        : IsWrittenWithoutSpaces(sentence[^1]) && sentence[^1] is < '\u0e00' or > '\u17ff' ? sentence + "。"
        : sentence + ".";
}
