using SkiaSharp;
using VideoGen.Tests.Support;
using VideoGen.Worker.Providers.Local;
using VideoGen.Worker.Slides;
using VideoGen.Worker.Stages;
using VideoGen.Worker.Text;

namespace VideoGen.Tests.Slides;

/// <summary>Slides keep every text inside the frame and readable, whatever its length, script or direction.</summary>
public sealed class SlideLayoutTests : IDisposable
{
    private static readonly LocalProviderOptions Options = new();
    private static readonly SlideFonts Fonts = new(Options.FontFile, Options.BoldFontFile, Options.CodeFontFile);
    private static readonly SlidePainter Painter = new(Fonts);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_huge_title_and_a_500_character_word_stay_inside_the_frame()
    {
        var title = string.Join(' ', Enumerable.Repeat("Understanding asynchronous programming", 150))[..5000];
        var word = string.Concat(Enumerable.Repeat("supercalifragilistic", 25));
        var url = "https://example.com/" + string.Concat(Enumerable.Repeat("very-long-path-segment/", 12)) + "index.html";
        var script = Script(title, "en", $"{word}\n{url}\nA short closing point.");

        var card = Paint(script, 0);
        var slide = Paint(script, 1);

        AssertMarginsEmpty(slide);
        var block = TextBlock.Fit(title, Fonts, FontRole.Bold, [66, 30], "en", 1120, 5);
        Assert.True(block.Cut);
        Assert.Equal(5, block.Lines.Count);
        Assert.All(block.Lines, line => Assert.InRange(line.Width, 1, 1120));
        Assert.True(File.Exists(card));
    }

    [Fact]
    public void Cjk_text_breaks_between_characters_and_loses_none()
    {
        const string text = "変数とは、値に名前を付けて保存しておくための箱のようなものです。関数は処理をまとめて名前を付けたものです。";

        var block = TextBlock.Layout(text, Fonts, FontRole.Regular, 36, "ja", 500, maxLines: 20);

        Assert.True(block.Lines.Count >= 3);
        Assert.All(block.Lines, line => Assert.InRange(line.Width, 1, 500));
        Assert.DoesNotContain(block.Lines, line => line.HasMissingGlyphs);
        Assert.False(block.Cut);
    }

    [Fact]
    public void Right_to_left_key_points_are_right_aligned()
    {
        var slide = Paint(Script("שיעור", "he", "משתנה שומר ערך\nפונקציה מחזירה ערך"), 1);

        var (left, right) = InkBySide(slide, top: 130);
        Assert.True(right > 4 * left, $"ink left {left}, right {right}");
    }

    [Fact]
    public void Mixed_scripts_and_emoji_never_draw_a_box()
    {
        const string text = "Python の変数 and مرحبا بالعالم, שלום, नमस्ते, สวัสดี, Ελληνικά 😀🚀👩‍💻 done";

        var line = ShapedLine.Shape(text, Fonts, FontRole.Regular, 40, "en", rightToLeft: false);

        Assert.False(line.HasMissingGlyphs);
        Assert.True(line.Width > 0);
        AssertMarginsEmpty(Paint(Script(text, "en", text), 1));
    }

    [Fact]
    public void Code_shows_in_a_monospace_block()
    {
        var slide = Paint(Script("Loops", "en", "Count from one to three\n```python\nfor i in range(1, 4):\n    print(i)\n```"), 1);

        using var bitmap = SKBitmap.Decode(slide);
        var codeBackground = Enumerable.Range(0, 20).Count(k => bitmap.GetPixel(90 + k * 50, 300) == SlideTheme.CodeBackground);
        Assert.True(codeBackground > 15, $"{codeBackground} of 20 samples on the code block's background");
        // Highlighted: the keywords' violet and the numbers' orange are both drawn.
        var hues = new HashSet<string>();
        for (var y = 220; y < 400; y++)
        {
            for (var x = 80; x < 700; x++)
            {
                var c = bitmap.GetPixel(x, y);
                if (c.Blue > 200 && c.Red > 160 && c.Green < 200 && c.Red < c.Blue)
                {
                    hues.Add("violet");
                }
                else if (c.Red > 220 && c.Green is > 150 and < 200 && c.Blue < 140)
                {
                    hues.Add("orange");
                }
            }
        }

        Assert.Equal(["orange", "violet"], hues.Order());
    }

    private static LessonScript Script(string title, string language, string onScreen) =>
        new(title, "Course", [new Scene(onScreen, onScreen, "")]) { Language = new LanguageChoice(language, Detected: false) };

    private string Paint(LessonScript script, int scene)
    {
        var path = Path.Combine(_folder.Path, $"{Guid.NewGuid():N}-{scene}.png");
        if (scene == 0)
        {
            Painter.PaintTitleCard(script, path);
        }
        else
        {
            Painter.PaintScene(script, scene, path);
        }

        return path;
    }

    /// <summary>Nothing but background in the side margins and along the bottom.</summary>
    private static void AssertMarginsEmpty(string slide)
    {
        using var bitmap = SKBitmap.Decode(slide);
        for (var y = 12; y < SlideTheme.Height; y += 2)
        {
            for (var x = 0; x < SlideTheme.Width; x += 2)
            {
                var inMargin = x < SlideTheme.Margin - 12 || x > SlideTheme.Width - SlideTheme.Margin + 12 || y > SlideTheme.Height - 30;
                if (inMargin)
                {
                    Assert.True(bitmap.GetPixel(x, y) == SlideTheme.Background, $"ink at ({x}, {y})");
                }
            }
        }
    }

    private static (int Left, int Right) InkBySide(string slide, int top)
    {
        using var bitmap = SKBitmap.Decode(slide);
        var (left, right) = (0, 0);
        for (var y = top; y < SlideTheme.Height; y += 2)
        {
            for (var x = 0; x < SlideTheme.Width; x += 2)
            {
                if (bitmap.GetPixel(x, y) != SlideTheme.Background)
                {
                    _ = x < SlideTheme.Width / 2 ? left++ : right++;
                }
            }
        }

        return (left, right);
    }
}
