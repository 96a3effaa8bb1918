using VideoGen.Worker.Text;

namespace VideoGen.Worker.Slides;

/// <summary>
/// What a scene's slide shows, read from its on-screen text: one key point per line (list markers dropped), and
/// code between ``` fences as a code block. An on-screen text that is one long paragraph becomes one point per
/// sentence, so no slide is a wall of text.
/// </summary>
public sealed record SlideContent(IReadOnlyList<string> Points, string? Code, string CodeLanguage)
{
    private const int MaxPoints = 6;

    public static SlideContent Parse(string onScreenText)
    {
        var points = new List<string>();
        var code = new List<string>();
        var codeLanguage = "";
        var inCode = false;
        var hadCode = false;
        foreach (var raw in onScreenText.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (raw.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                if (!inCode && !hadCode)
                {
                    codeLanguage = raw.Trim().TrimStart('`').Trim();
                }

                inCode = !inCode;
                hadCode = true;
                continue;
            }

            if (inCode)
            {
                code.Add(raw.TrimEnd().Replace("\t", "    ", StringComparison.Ordinal));
                continue;
            }

            var point = Sentences.Normalize(raw.TrimStart().TrimStart('-', '*', '•', '·').Trim());
            if (point.Length > 0)
            {
                points.Add(point);
            }
        }

        if (points.Count == 1 && Sentences.Split(points[0]) is { Count: > 1 } sentences)
        {
            points = [.. sentences];
        }

        while (code.Count > 0 && code[^1].Length == 0)
        {
            code.RemoveAt(code.Count - 1);
        }

        return new SlideContent(points.Take(MaxPoints).ToList(), code.Count > 0 ? string.Join('\n', code) : null, codeLanguage);
    }
}
