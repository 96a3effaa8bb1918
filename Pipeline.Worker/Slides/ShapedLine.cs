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
    private readonly List<(SKTypeface Typeface, ushort[] Glyphs, SKPoint[] Positions)> _runs;

    private ShapedLine(List<(SKTypeface, ushort[], SKPoint[])> runs, float width, bool rightToLeft)
    {
        _runs = runs;
        Width = width;
        RightToLeft = rightToLeft;
    }

    public float Width { get; }

    /// <summary>Whether any character was shaped to the font's "missing" glyph, which draws as a box.</summary>
    public bool HasMissingGlyphs => _runs.Any(r => r.Glyphs.Contains((ushort)0));

    /// <summary>Whether the paragraph the line belongs to reads from the right.</summary>
    public bool RightToLeft { get; }

    public static ShapedLine Shape(string text, SlideFonts fonts, FontRole role, float size, string language, bool rightToLeft)
    {
        var runs = new List<(SKTypeface, ushort[], SKPoint[])>();
        float x = 0;
        foreach (var (start, length, runRightToLeft) in TextDirection.VisualRuns(text, rightToLeft))
        {
            var pieces = FontRuns(text.Substring(start, length), fonts, role, language);
            if (runRightToLeft)
            {
                pieces.Reverse();
            }

            foreach (var (piece, typeface) in pieces)
            {
                x += ShapeRun(piece, typeface, fonts, size, language, runRightToLeft, x, runs);
            }
        }

        return new ShapedLine(runs, x, rightToLeft);
    }

    /// <summary>Draws the line with its baseline at <paramref name="baseline"/>, starting at <paramref name="left"/>.</summary>
    public void Draw(SKCanvas canvas, float left, float baseline, float size, SKColor color)
    {
        using var paint = new SKPaint { Color = color, IsAntialias = true };
        foreach (var (typeface, glyphs, positions) in _runs)
        {
            using var font = new SKFont(typeface, size) { Subpixel = true, Edging = SKFontEdging.SubpixelAntialias };
            using var builder = new SKTextBlobBuilder();
            var run = builder.AllocatePositionedRun(font, glyphs.Length);
            glyphs.CopyTo(run.Glyphs);
            positions.CopyTo(run.Positions);
            using var blob = builder.Build();
            if (blob is not null)
            {
                canvas.DrawText(blob, left, baseline, paint);
            }
        }
    }

    private static float ShapeRun(
        string text, SKTypeface typeface, SlideFonts fonts, float size, string language, bool rightToLeft, float x,
        List<(SKTypeface, ushort[], SKPoint[])> runs)
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

        var glyphs = result.Codepoints.Select(g => (ushort)g).ToArray();
        runs.Add((typeface, glyphs, result.Points));
        return result.Width;
    }

    /// <summary>
    /// Splits text into runs of one typeface. Marks, joiners and neutral characters (spaces, punctuation, digits)
    /// stay with the run they are in when its font has them, so HarfBuzz sees whole clusters and words.
    /// </summary>
    private static List<(string Text, SKTypeface Typeface)> FontRuns(string text, SlideFonts fonts, FontRole role, string language)
    {
        var pieces = new List<(string, SKTypeface)>();
        var current = new StringBuilder();
        SKTypeface? typeface = null;
        for (var i = 0; i < text.Length; i += char.IsSurrogatePair(text, i) ? 2 : 1)
        {
            var codePoint = char.ConvertToUtf32(text, i);
            var category = CharUnicodeInfo.GetUnicodeCategory(codePoint);
            var keep = typeface is not null && (Joins(category, codePoint) || (!IsLetter(category) && fonts.Has(typeface, codePoint)));
            var chosen = keep ? typeface : fonts.For(codePoint, role, language);
            if (chosen is null)
            {
                // No installed font has it (an emoji, say): left out instead of drawn as a box.
                continue;
            }

            if (chosen != typeface && current.Length > 0)
            {
                pieces.Add((current.ToString(), typeface!));
                current.Clear();
            }

            typeface = chosen;
            current.Append(char.ConvertFromUtf32(codePoint));
        }

        if (current.Length > 0)
        {
            pieces.Add((current.ToString(), typeface!));
        }

        return pieces;
    }

    private static bool IsLetter(UnicodeCategory category) => category is
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter or
        UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.OtherSymbol;

    private static bool Joins(UnicodeCategory category, int codePoint) =>
        category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
        || codePoint is 0x200C or 0x200D || codePoint is >= 0xFE00 and <= 0xFE0F || codePoint is >= 0xE0100 and <= 0xE01EF;
}
