using SkiaSharp;
using static VideoGen.Worker.Slides.SlideTheme;

namespace VideoGen.Worker.Slides;

/// <summary>A scene slide's body laid out at one size: its key points as a bulleted list, then its code block.</summary>
public sealed class SlideBody
{
    private const int MaxLinesPerPoint = 4;
    private const int MaxLinesPerCodeLine = 3;
    private const float CodePadding = 22;

    private readonly string[] _codeLines;
    private readonly SKColor[] _codeColors;

    private SlideBody(List<TextBlock> points, List<TextBlock> code, string[] codeLines, SKColor[] codeColors, float size, float codeSize)
    {
        Points = points;
        Code = code;
        _codeLines = codeLines;
        _codeColors = codeColors;
        Size = size;
        CodeSize = codeSize;
    }

    public List<TextBlock> Points { get; }

    /// <summary>One block per line of code; a blank line of code is a block without lines.</summary>
    public List<TextBlock> Code { get; }

    public float Size { get; }

    public float CodeSize { get; }

    public bool Cut => Points.Any(p => p.Cut) || Code.Any(c => c.Cut);

    private float PointGap => Size * 0.5f;

    private float CodeLineHeight => Code.Count == 0 ? 0 : Code[0].LineHeight;

    private float CodeHeight => Code.Count == 0 ? 0 : 2 * CodePadding + Code.Sum(c => Math.Max(1, c.Lines.Count)) * CodeLineHeight;

    public float Height =>
        Points.Sum(p => p.Height) + Math.Max(0, Points.Count - 1) * PointGap + (Code.Count == 0 ? 0 : (Points.Count > 0 ? Size : 0) + CodeHeight);

    /// <summary>The body at the largest of <paramref name="sizes"/> that fits the box; at the smallest, what does not fit is cut.</summary>
    public static SlideBody Fit(SlideContent content, SlideFonts fonts, string language, IReadOnlyList<float> sizes, float width, float height)
    {
        // Whole at the largest size that fits; else, when something is too long at any size (a 500-character word),
        // cut at the largest size that fits rather than shrunk to the smallest for nothing.
        SlideBody? fitsCut = null;
        SlideBody? body = null;
        foreach (var size in sizes)
        {
            body = Layout(content, fonts, language, size, width);
            if (body.Height <= height)
            {
                if (!body.Cut)
                {
                    return body;
                }

                fitsCut ??= body;
            }
        }

        if (fitsCut is not null)
        {
            return fitsCut;
        }

        var ellipsis = TextBlock.Layout(LineBreaker.Ellipsis, fonts, FontRole.Code, body!.CodeSize, language, width, 1);
        while (body.Height > height && body.Code.Count > 1)
        {
            body.Code.RemoveRange(body.Code.Count - 2, 2);
            body.Code.Add(ellipsis);
        }

        while (body.Height > height && body.Points.Count > 1)
        {
            body.Points.RemoveAt(body.Points.Count - 1);
        }

        return body;
    }

    public void Draw(SKCanvas canvas, float left, float top, float width, SKColor accent)
    {
        using var bullet = new SKPaint { Color = accent, IsAntialias = true };
        var y = top;
        foreach (var point in Points)
        {
            if (point.Lines.Count > 0)
            {
                var rightToLeft = point.Lines[0].RightToLeft;
                var centre = rightToLeft ? left + width - Size * 0.3f : left + Size * 0.3f;
                canvas.DrawCircle(centre, y + Size * 0.68f, Size * 0.13f, bullet);
            }

            SlidePainter.DrawLines(canvas, point, left, left + width, y, Ink, indent: Size * 1.0f);
            y += point.Height + PointGap;
        }

        if (Code.Count == 0)
        {
            return;
        }

        y += Points.Count > 0 ? Size - PointGap : 0;
        using (var box = new SKPaint { Color = CodeBackground, IsAntialias = true })
        {
            canvas.DrawRoundRect(left, y, width, CodeHeight, 14, 14, box);
        }

        y += CodePadding;
        var lineStart = 0;
        for (var k = 0; k < Code.Count; k++)
        {
            var line = Code[k];
            var text = k < _codeLines.Length ? _codeLines[k] : "";
            var baseline = y + CodeSize;
            var searchFrom = 0;
            foreach (var part in line.Lines)
            {
                // A wrapped line's parts are pieces of it; a part cut with an ellipsis is found no more and keeps its place.
                var found = text.IndexOf(part.Text.TrimEnd('…'), searchFrom, StringComparison.Ordinal);
                var partStart = lineStart + (found >= 0 ? found : searchFrom);
                searchFrom = found >= 0 ? found + part.Text.Length : searchFrom;
                // Code reads from the left whatever its comments are written in.
                part.Draw(canvas, left + CodePadding, baseline, CodeSize, i => ColorAt(partStart + i));
                baseline += CodeLineHeight;
            }

            lineStart += text.Length + 1;
            y += Math.Max(1, line.Lines.Count) * CodeLineHeight;
        }
    }

    private SKColor ColorAt(int index) => index >= 0 && index < _codeColors.Length ? _codeColors[index] : CodeColors.Plain;

    private static SlideBody Layout(SlideContent content, SlideFonts fonts, string language, float size, float width)
    {
        var points = content.Points
            .Select(p => TextBlock.Layout(p, fonts, FontRole.Regular, size, language, width - size, MaxLinesPerPoint))
            .ToList();
        var codeSize = Math.Clamp(MathF.Round(size * 0.7f), 16, 28);
        var codeLines = content.Code?.Split('\n') ?? [];
        var code = codeLines
            .Select(line => TextBlock.Layout(KeepIndent(line), fonts, FontRole.Code, codeSize, language, width - 2 * CodePadding, MaxLinesPerCodeLine))
            .ToList();
        var colors = content.Code is null ? [] : CodeColors.For(content.Code, content.CodeLanguage);
        return new SlideBody(points, code, codeLines.Select(KeepIndent).ToArray(), colors, size, codeSize);
    }

    // Line breaking drops spaces at the start of a line; no-break spaces keep the code's indentation.
    private static string KeepIndent(string line)
    {
        var indent = line.Length - line.TrimStart(' ').Length;
        return new string('\u00a0', indent) + line[indent..];
    }
}
