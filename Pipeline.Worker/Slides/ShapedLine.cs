using System.Globalization;
using System.Text;
using HarfBuzzSharp;
using SkiaSharp;

namespace VideoGen.Worker.Slides;

/// <summary>
/// One line of text, ready to draw: put in visual order by the Unicode bidirectional algorithm (ICU), split into
/// runs by the font that has each character, and shaped by HarfBuzz, so that Arabic joins, Devanagari forms its
/// conjuncts and Hebrew reads from the right.
/// </summary>
public sealed class ShapedLine
{
    private readonly List<GlyphRun> _runs;

    private ShapedLine(string text, List<GlyphRun> runs, float width, bool rightToLeft)
    {
        Text = text;
        _runs = runs;
        Width = width;
        RightToLeft = rightToLeft;
    }

    public string Text { get; }

    public float Width { get; }

    /// <summary>Whether any character was shaped to the font's "missing" glyph, which draws as a box.</summary>
    public bool HasMissingGlyphs => _runs.Any(r => r.Glyphs.Contains((ushort)0));

    /// <summary>Whether the paragraph the line belongs to reads from the right.</summary>
    public bool RightToLeft { get; }

    public static ShapedLine Shape(string text, SlideFonts fonts, FontRole role, float size, string language, bool rightToLeft)
    {
        var runs = new List<GlyphRun>();
        float x = 0;
        foreach (var (start, length, runRightToLeft) in TextDirection.VisualRuns(text, rightToLeft))
        {
            var pieces = FontRuns(text, start, length, fonts, role, language);
            if (runRightToLeft)
            {
                pieces.Reverse();
            }

            foreach (var (offset, piece, typeface) in pieces)
            {
                var run = ShapeRun(piece, offset, typeface, fonts, size, language, runRightToLeft, x);
                runs.Add(run);
                x += run.Width;
            }
        }

        return new ShapedLine(text, runs, x, rightToLeft);
    }

    /// <summary>Draws the line with its baseline at <paramref name="baseline"/>, starting at <paramref name="left"/>.</summary>
    public void Draw(SKCanvas canvas, float left, float baseline, float size, SKColor color) =>
        Draw(canvas, left, baseline, size, _ => color);

    /// <summary>Draws the line, each glyph in the colour of the character (by its index in the line) it comes from.</summary>
    public void Draw(SKCanvas canvas, float left, float baseline, float size, Func<int, SKColor> colorAt)
    {
        using var paint = new SKPaint { IsAntialias = true };
        foreach (var run in _runs)
        {
            using var font = new SKFont(run.Typeface, size) { Subpixel = true, Edging = SKFontEdging.SubpixelAntialias };
            for (var from = 0; from < run.Glyphs.Length;)
            {
                var color = colorAt(run.Characters[from]);
                var to = from + 1;
                while (to < run.Glyphs.Length && colorAt(run.Characters[to]) == color)
                {
                    to++;
                }

                using var builder = new SKTextBlobBuilder();
                var blobRun = builder.AllocatePositionedRun(font, to - from);
                run.Glyphs.AsSpan(from, to - from).CopyTo(blobRun.Glyphs);
                run.Positions.AsSpan(from, to - from).CopyTo(blobRun.Positions);
                using var blob = builder.Build();
                if (blob is not null)
                {
                    paint.Color = color;
                    canvas.DrawText(blob, left, baseline, paint);
                }

                from = to;
            }
        }
    }

    private static GlyphRun ShapeRun(string text, int offset, SKTypeface typeface, SlideFonts fonts, float size, string language, bool rightToLeft, float x)
    {
        using var buffer = new HarfBuzzSharp.Buffer();
        buffer.AddUtf16(text);
        buffer.GuessSegmentProperties();
        buffer.Direction = rightToLeft ? Direction.RightToLeft : Direction.LeftToRight;
        buffer.Language = new Language(language);

        using var font = new SKFont(typeface, size);
        var shaper = fonts.Shaper(typeface);
        SkiaSharp.HarfBuzz.SKShaper.Result result;
        lock (shaper)
        {
            result = shaper.Shape(buffer, x, 0, font);
        }

        return new GlyphRun(
            typeface,
            result.Codepoints.Select(g => (ushort)g).ToArray(),
            result.Points,
            result.Clusters.Select(c => offset + (int)c).ToArray(),
            result.Width);
    }

    /// <summary>
    /// Splits part of a line into runs of one typeface, each with where it starts in the line. Marks, joiners and
    /// neutral characters (spaces, punctuation, digits) stay with the run they are in when its font has them, so
    /// HarfBuzz sees whole clusters and words. A character no installed font has (an emoji, say) is left out instead
    /// of being drawn as a box.
    /// </summary>
    private static List<(int Offset, string Text, SKTypeface Typeface)> FontRuns(
        string line, int start, int length, SlideFonts fonts, FontRole role, string language)
    {
        var pieces = new List<(int, string, SKTypeface)>();
        var current = new StringBuilder();
        var currentStart = start;
        SKTypeface? typeface = null;
        for (var i = start; i < start + length; i += char.IsSurrogatePair(line, i) ? 2 : 1)
        {
            var codePoint = char.ConvertToUtf32(line, i);
            var category = CharUnicodeInfo.GetUnicodeCategory(codePoint);
            var keep = typeface is not null && (Joins(category, codePoint) || (!IsLetter(category) && fonts.Has(typeface, codePoint)));
            var chosen = keep ? typeface : fonts.For(codePoint, role, language);
            if (chosen is null || chosen != typeface)
            {
                Flush(i);
            }

            if (chosen is null)
            {
                currentStart = i + (char.IsSurrogatePair(line, i) ? 2 : 1);
                continue;
            }

            typeface = chosen;
            current.Append(char.ConvertFromUtf32(codePoint));
        }

        Flush(start + length);
        return pieces;

        void Flush(int next)
        {
            if (current.Length > 0)
            {
                pieces.Add((currentStart, current.ToString(), typeface!));
                current.Clear();
            }

            currentStart = next;
        }
    }

    private static bool IsLetter(UnicodeCategory category) => category is
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter or
        UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.OtherSymbol;

    private static bool Joins(UnicodeCategory category, int codePoint) =>
        category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
        || codePoint is 0x200C or 0x200D || codePoint is >= 0xFE00 and <= 0xFE0F || codePoint is >= 0xE0100 and <= 0xE01EF;

    /// <param name="Characters">For each glyph, the index in the line of the character it starts from.</param>
    private sealed record GlyphRun(SKTypeface Typeface, ushort[] Glyphs, SKPoint[] Positions, int[] Characters, float Width);
}
