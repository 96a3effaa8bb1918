using System.Collections.Concurrent;
using System.Globalization;
using SkiaSharp;
using SkiaSharp.HarfBuzz;

namespace VideoGen.Worker.Slides;

public enum FontRole
{
    Regular,
    Bold,
    Code,
}

/// <summary>
/// The slides' typefaces: the configured fonts first, and for any character they lack, whichever installed font
/// has it (fontconfig's choice, told the lesson's language so that Japanese and Chinese get their own forms of
/// the shared ideographs). Characters no installed font has are left out rather than drawn as boxes.
/// </summary>
public sealed class SlideFonts : IDisposable
{
    private readonly Dictionary<FontRole, SKTypeface> _primary;
    private readonly ConcurrentDictionary<SKTypeface, SKFont> _glyphs = new();
    private readonly ConcurrentDictionary<(FontRole Role, int CodePoint, string Language), SKTypeface?> _fallbacks = new();
    private readonly ConcurrentDictionary<SKTypeface, SKShaper> _shapers = new();
    private readonly SKFontManager _fontManager = SKFontManager.Default;

    public SlideFonts(string regularFile, string boldFile, string codeFile)
    {
        _primary = new()
        {
            [FontRole.Regular] = Load(regularFile),
            [FontRole.Bold] = Load(boldFile),
            [FontRole.Code] = Load(codeFile),
        };
    }

    public SKTypeface Primary(FontRole role) => _primary[role];

    /// <summary>The typeface that draws <paramref name="codePoint"/>, or null when no installed font has it.</summary>
    public SKTypeface? For(int codePoint, FontRole role, string language)
    {
        var primary = _primary[role];
        if (Has(primary, codePoint))
        {
            return primary;
        }

        return _fallbacks.GetOrAdd((role, codePoint, language), key =>
        {
            var style = key.Role == FontRole.Bold ? SKFontStyle.Bold : SKFontStyle.Normal;
            var found = _fontManager.MatchCharacter(primary.FamilyName, style, [key.Language], key.CodePoint);
            return found is not null && Has(found, key.CodePoint) ? found : null;
        });
    }

    public bool Has(SKTypeface typeface, int codePoint) => _glyphs.GetOrAdd(typeface, t => new SKFont(t)).ContainsGlyph(codePoint);

    /// <summary>A HarfBuzz shaper for the typeface; shapers are shared, so callers lock on them while shaping.</summary>
    public SKShaper Shaper(SKTypeface typeface) => _shapers.GetOrAdd(typeface, t => new SKShaper(t));

    public void Dispose()
    {
        foreach (var shaper in _shapers.Values)
        {
            shaper.Dispose();
        }

        foreach (var font in _glyphs.Values)
        {
            font.Dispose();
        }

        foreach (var typeface in _primary.Values)
        {
            typeface.Dispose();
        }
    }

    private static SKTypeface Load(string file) =>
        SKTypeface.FromFile(file)
        ?? throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"The font file '{file}' could not be read."));
}
