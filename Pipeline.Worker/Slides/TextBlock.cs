namespace VideoGen.Worker.Slides;

/// <summary>A paragraph broken into shaped lines at one font size, and whether it had to be cut short to fit.</summary>
public sealed class TextBlock
{
    private const float LineSpacing = 1.38f;

    private TextBlock(IReadOnlyList<ShapedLine> lines, float size, bool cut)
    {
        Lines = lines;
        Size = size;
        Cut = cut;
    }

    public IReadOnlyList<ShapedLine> Lines { get; }

    public float Size { get; }

    public bool Cut { get; }

    public float LineHeight => Size * LineSpacing;

    public float Height => Lines.Count * LineHeight;

    public float Width => Lines.Count == 0 ? 0 : Lines.Max(l => l.Width);

    /// <summary>
    /// Lays the text out in lines no wider than <paramref name="width"/>. More than <paramref name="maxLines"/>
    /// lines are cut, the last one ending in an ellipsis.
    /// </summary>
    public static TextBlock Layout(string text, SlideFonts fonts, FontRole role, float size, string language, float width, int maxLines)
    {
        var rightToLeft = TextDirection.IsRightToLeft(text);
        var shaped = new Dictionary<string, ShapedLine>(StringComparer.Ordinal);
        ShapedLine Shape(string line)
        {
            if (!shaped.TryGetValue(line, out var result))
            {
                result = ShapedLine.Shape(line, fonts, role, size, language, rightToLeft);
                shaped[line] = result;
            }

            return result;
        }

        float Measure(string line) => Shape(line).Width;

        var lines = LineBreaker.Wrap(text, language, Measure, width, maxLines).ToList();
        var cut = lines.Count > maxLines;
        if (cut)
        {
            lines = lines.Take(maxLines).ToList();
            lines[^1] = LineBreaker.Truncate(lines[^1], language, Measure, width);
        }

        return new TextBlock(lines.Select(Shape).ToList(), size, cut);
    }

    /// <summary>The largest of <paramref name="sizes"/> at which the text fits in <paramref name="maxLines"/>, else the smallest, cut.</summary>
    public static TextBlock Fit(string text, SlideFonts fonts, FontRole role, IReadOnlyList<float> sizes, string language, float width, int maxLines)
    {
        TextBlock? block = null;
        foreach (var size in sizes)
        {
            block = Layout(text, fonts, role, size, language, width, maxLines);
            if (!block.Cut)
            {
                return block;
            }
        }

        return block!;
    }
}
