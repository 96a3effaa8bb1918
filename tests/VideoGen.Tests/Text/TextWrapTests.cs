using System.Globalization;
using VideoGen.Worker.Text;

namespace VideoGen.Tests.Text;

public sealed class TextWrapTests
{
    [Fact]
    public void Text_without_spaces_is_cut_to_the_width_and_loses_nothing()
    {
        var japanese = string.Concat(Enumerable.Repeat("変数は値を保存します。", 10));

        var lines = TextWrap.Lines(japanese, 42);

        Assert.Equal(3, lines.Count);
        Assert.All(lines, l => Assert.InRange(l.Length, 1, 42));
        Assert.Equal(japanese, string.Concat(lines));
    }

    [Fact]
    public void A_cut_never_splits_a_character_made_of_several_code_units()
    {
        var word = string.Concat(Enumerable.Repeat("a👩‍💻é\u0301𠀋", 20));

        var lines = TextWrap.Lines(word, 10);

        Assert.Equal(word, string.Concat(lines));
        Assert.All(lines, l => Assert.InRange(l.Length, 1, 10));
        // Each line is whole characters: its text elements put back together are the line itself.
        Assert.All(lines, l => Assert.False(char.IsLowSurrogate(l[0]) || l[0] == '\u200d' || CharUnicodeInfo.GetUnicodeCategory(l[0]) == UnicodeCategory.NonSpacingMark, l));
    }
}
