using Icu;

namespace VideoGen.Worker.Slides;

/// <summary>Which way text reads, by the Unicode bidirectional algorithm as ICU implements it.</summary>
public static class TextDirection
{
    static TextDirection() => Wrapper.Init();

    /// <summary>Whether a paragraph reads from the right: its first letter with a strong direction decides.</summary>
    public static bool IsRightToLeft(string paragraph) => BiDi.GetBaseDirection(paragraph) == BiDi.BiDiDirection.RTL;

    /// <summary>The line's runs of one direction, in the order they are drawn from the left.</summary>
    public static IReadOnlyList<(int Start, int Length, bool RightToLeft)> VisualRuns(string line, bool paragraphRightToLeft)
    {
        if (line.Length == 0)
        {
            return [];
        }

        using var bidi = new BiDi();
        bidi.SetPara(line, paragraphRightToLeft ? (byte)1 : (byte)0, null);
        var runs = new List<(int, int, bool)>(bidi.CountRuns());
        for (var i = 0; i < runs.Capacity; i++)
        {
            var direction = bidi.GetVisualRun(i, out var start, out var length);
            runs.Add((start, length, direction == BiDi.BiDiDirection.RTL));
        }

        return runs;
    }
}
