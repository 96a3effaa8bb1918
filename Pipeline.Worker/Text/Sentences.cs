using System.Text;
using System.Text.RegularExpressions;

namespace VideoGen.Worker.Text;

/// <summary>Splits plain text into sentences and words the way narration needs them.</summary>
public static partial class Sentences
{
    // A sentence ends at . ! or ? followed by white space and something that does not look like the
    // middle of a sentence (a lower-case letter, as after "e.g." or "i.e.").
    [GeneratedRegex(@"(?<=[.!?][""')\]]?)\s+(?=[^\p{Ll}\s])")]
    private static partial Regex Boundary();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();

    public static IReadOnlyList<string> Split(string text) =>
        Boundary().Split(Normalize(text)).Where(s => s.Length > 0).ToList();

    public static int CountWords(string text) =>
        text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length;

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

    /// <summary>Ends a sentence with punctuation so speech pauses after headings and list items.</summary>
    public static string Terminate(string sentence) =>
        sentence.Length == 0 || ".!?:;".Contains(sentence[^1]) ? sentence : sentence + ".";
}
