using System.Text.RegularExpressions;
using VideoGen.Worker.Text;

namespace VideoGen.Worker.Providers.Local;

/// <summary>
/// What a slide shows of a scene: a few short points drawn from its sentences (lead-ins dropped, each cut at a
/// clause or a few words), not the paragraph the narrator reads.
/// </summary>
public static partial class KeyPoints
{
    private const int MaxWords = 9;
    private const int MaxDenseCharacters = 22;

    [GeneratedRegex(@"^(?:(?:in|for) this (?:lesson|section|video|part),?\s+|let's\s+|let us\s+|we(?:'ll| will| can| are going to)\s+|you(?:'ll| will| can)\s+|(?:now|first|next|then|finally|so|also|here),\s+|(?:remember|note) that\s+)+", RegexOptions.IgnoreCase)]
    private static partial Regex LeadIn();

    [GeneratedRegex(@"[,;:]\s|\s[-–—]\s|、|，|；")]
    private static partial Regex ClauseEnd();

    [GeneratedRegex(@"^(?:when|whenever|if|because|although|though|while|since|as|after|before|once|unless|until)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Subordinate();

    // "A variable is a ...", "Syntax refers to ...", "Xとは", "Una variable es un ...": sentences that say what something is.
    [GeneratedRegex(@"^.{2,60}?\s(?:is|are)\s(?:a|an|the|called|known as)\s|^.{2,60}?\s(?:means|refers to|is defined as|stands for)\s|^.{1,30}?とは|^.{2,60}?\s(?:es|son|est|sont|ist|sind)\s(?:un|una|une|ein|eine|el|la|le)\s", RegexOptions.IgnoreCase)]
    private static partial Regex Definition();

    public static bool IsDefinition(string sentence) => Definition().IsMatch(sentence);

    public static string Shorten(string sentence)
    {
        var point = LeadIn().Replace(sentence.Trim(), "").TrimEnd('.', '!', '?', '。', '！', '？', ':', ';', ' ');
        if (point.Length == 0)
        {
            return "";
        }

        point = char.ToUpperInvariant(point[0]) + point[1..];
        if (point.Count(Sentences.IsWrittenWithoutSpaces) > 0)
        {
            return ShortenDense(point);
        }

        var words = point.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length <= MaxWords)
        {
            return point;
        }

        // The first clause that says enough on its own; a leading "When ..., " or "If ..., " only sets the scene for
        // the clause after it, which says what matters.
        var ends = ClauseEnd().Matches(point).Select(m => (m.Index, End: m.Index + m.Length)).Append((point.Length, point.Length)).ToList();
        var start = 0;
        foreach (var (index, end) in ends)
        {
            var clause = point[start..index].Trim();
            var clauseWords = Sentences.CountWords(clause);
            if (start == 0 && Subordinate().IsMatch(clause) && end < point.Length)
            {
                start = end;
                continue;
            }

            if (clauseWords is >= 3 and <= MaxWords + 2)
            {
                return char.ToUpperInvariant(clause[0]) + clause[1..];
            }

            if (clauseWords > MaxWords + 2)
            {
                break;
            }
        }

        if (start > 0)
        {
            words = point[start..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length > 0)
            {
                words[0] = char.ToUpperInvariant(words[0][0]) + words[0][1..];
            }
        }

        return string.Join(' ', words.Take(MaxWords)).TrimEnd(',', ';', ':') + "…";
    }

    private static string ShortenDense(string point)
    {
        if (point.Length <= MaxDenseCharacters)
        {
            return point;
        }

        var clause = ClauseEnd().Matches(point).Select(m => m.Index).Where(i => i is >= 6 and <= MaxDenseCharacters).DefaultIfEmpty(-1).Max();
        var cut = char.IsHighSurrogate(point[MaxDenseCharacters - 1]) ? MaxDenseCharacters - 1 : MaxDenseCharacters;
        return clause > 0 ? point[..clause] : point[..cut] + "…";
    }
}
