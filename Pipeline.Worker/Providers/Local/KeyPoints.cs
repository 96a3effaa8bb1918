using System.Text.RegularExpressions;
using VideoGen.Worker.Text;

namespace VideoGen.Worker.Providers.Local;

/// <summary>
/// What a slide shows of a scene: a few short points drawn from its sentences (lead-ins dropped, each cut at a
/// clause or a few words), not the paragraph the narrator reads.
/// </summary>
public static partial class KeyPoints
{
    private const int MaxPoints = 4;
    private const int MaxWords = 9;
    private const int MaxDenseCharacters = 22;

    [GeneratedRegex(@"^(?:(?:in|for) this (?:lesson|section|video|part),?\s+|let's\s+|let us\s+|we(?:'ll| will| can| are going to)\s+|you(?:'ll| will| can)\s+|(?:now|first|next|then|finally|so|also|here),\s+|(?:remember|note) that\s+)+", RegexOptions.IgnoreCase)]
    private static partial Regex LeadIn();

    [GeneratedRegex(@"[,;:]\s|\s[-–—]\s|、|，|；")]
    private static partial Regex ClauseEnd();

    public static IReadOnlyList<string> From(IReadOnlyList<string> sentences) =>
        sentences.Select(Shorten).Where(p => p.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).Take(MaxPoints).ToList();

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

        // The first clause, when it says enough on its own.
        foreach (Match end in ClauseEnd().Matches(point))
        {
            var clause = point[..end.Index];
            var clauseWords = Sentences.CountWords(clause);
            if (clauseWords is >= 3 and <= MaxWords + 2)
            {
                return clause;
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
