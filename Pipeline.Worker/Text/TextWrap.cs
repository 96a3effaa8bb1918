using System.Text;

namespace VideoGen.Worker.Text;

/// <summary>Breaks text into lines of at most a given number of characters, at spaces where possible.</summary>
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
                lines.Add(rest[..width]);
                rest = rest[width..];
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
