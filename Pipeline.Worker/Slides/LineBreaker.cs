using Icu;

namespace VideoGen.Worker.Slides;

/// <summary>
/// Breaks a paragraph into lines that fit a width, where the language allows a break (ICU's line breaking: at
/// spaces, between CJK characters but not before a closing mark, between Thai words by dictionary), and inside a
/// word only when the word alone is wider than the line, as a long URL can be.
/// </summary>
public static class LineBreaker
{
    public const string Ellipsis = "…";

    static LineBreaker() => Wrapper.Init();

    /// <summary>The lines, at most <paramref name="maxLines"/> + 1 of them: one more than allowed says the text did not fit.</summary>
    public static IReadOnlyList<string> Wrap(string paragraph, string language, Func<string, float> measure, float maxWidth, int maxLines)
    {
        var lines = new List<string>();
        var locale = new Locale(language);
        var breaks = BreakIterator.GetBoundaries(BreakIterator.UBreakIteratorType.LINE, locale, paragraph).Select(b => b.End).ToList();
        var lineStart = SkipSpaces(paragraph, 0);
        var lastFit = -1;
        for (var k = 0; k < breaks.Count && lines.Count <= maxLines;)
        {
            var end = breaks[k];
            if (end <= lineStart)
            {
                k++;
                continue;
            }

            if (measure(paragraph[lineStart..end].TrimEnd()) <= maxWidth)
            {
                lastFit = end;
                k++;
                continue;
            }

            if (lastFit > lineStart)
            {
                lines.Add(paragraph[lineStart..lastFit].TrimEnd());
                lineStart = SkipSpaces(paragraph, lastFit);
            }
            else
            {
                // One word wider than the line: cut it between characters, as many full lines as it takes.
                var word = paragraph[lineStart..end].TrimEnd();
                var pieces = SplitToFit(word, locale, measure, maxWidth);
                lines.AddRange(pieces.Take(pieces.Count - 1));
                lineStart += word.Length - pieces[^1].Length;
            }

            lastFit = -1;
        }

        var rest = lineStart < paragraph.Length ? paragraph[lineStart..].TrimEnd() : "";
        if (rest.Length > 0 && lines.Count <= maxLines)
        {
            lines.Add(rest);
        }

        return lines;
    }

    /// <summary>Shortens the line at a character boundary until it fits with an ellipsis after it.</summary>
    public static string Truncate(string line, string language, Func<string, float> measure, float maxWidth)
    {
        var boundaries = BreakIterator.GetBoundaries(BreakIterator.UBreakIteratorType.CHARACTER, new Locale(language), line)
            .Select(b => b.Start).Reverse();
        foreach (var cut in boundaries.Prepend(line.Length))
        {
            var candidate = line[..cut].TrimEnd() + Ellipsis;
            if (measure(candidate) <= maxWidth)
            {
                return candidate;
            }
        }

        return Ellipsis;
    }

    private static List<string> SplitToFit(string word, Locale locale, Func<string, float> measure, float maxWidth)
    {
        var pieces = new List<string>();
        var start = 0;
        var lastFit = -1;
        var ends = BreakIterator.GetBoundaries(BreakIterator.UBreakIteratorType.CHARACTER, locale, word).Select(b => b.End).ToList();
        for (var k = 0; k < ends.Count;)
        {
            if (measure(word[start..ends[k]]) <= maxWidth)
            {
                lastFit = ends[k++];
                continue;
            }

            // Even one character is wider than the line only at absurd sizes; it goes on a line of its own.
            var cut = lastFit > start ? lastFit : ends[k++];
            pieces.Add(word[start..cut]);
            start = cut;
            lastFit = -1;
        }

        if (start < word.Length)
        {
            pieces.Add(word[start..]);
        }

        return pieces;
    }

    private static int SkipSpaces(string text, int index)
    {
        while (index < text.Length && text[index] is ' ' or '\u3000')
        {
            index++;
        }

        return index;
    }
}
