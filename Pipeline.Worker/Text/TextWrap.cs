using System.Globalization;
using System.Text;

namespace VideoGen.Worker.Text;

/// <summary>
/// Breaks text into lines of at most a given number of characters, at spaces where possible; a longer word (or a
/// sentence in a script written without spaces) is cut between user-perceived characters, never inside one.
/// </summary>
public static class TextWrap
{
    public static IReadOnlyList<string> Lines(string text, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 8);
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var rest = word;
            while (rest.Length > width)
            {
                Flush();
                var cut = Cut(rest, width);
                lines.Add(rest[..cut]);
                rest = rest[cut..];
            }

            if (line.Length > 0 && line.Length + 1 + rest.Length > width)
            {
                Flush();
            }

            if (line.Length > 0)
            {
                line.Append(' ');
            }

            line.Append(rest);
        }

        Flush();
        return lines;

        // The end of the last whole character within the width (the first character whole, however wide).
        static int Cut(string word, int width)
        {
            var end = StringInfo.GetNextTextElementLength(word);
            while (end < word.Length)
            {
                var next = end + StringInfo.GetNextTextElementLength(word, end);
                if (next > width)
                {
                    break;
                }

                end = next;
            }

            return end;
        }

        void Flush()
        {
            if (line.Length > 0)
            {
                lines.Add(line.ToString());
                line.Clear();
            }
        }
    }
}
