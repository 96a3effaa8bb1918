using VideoGen.Tests.Support;
using VideoGen.Worker.Providers.Local;
using VideoGen.Worker.Slides;
using VideoGen.Worker.Stages;
using VideoGen.Worker.Text;

namespace VideoGen.Tests.Slides;

/// <summary>
/// Title cards and slides in every script family, read back with OCR: missing glyphs draw as boxes (or nothing),
/// which OCR cannot read, so these fail when a script loses its font or its shaping.
/// </summary>
public sealed class ScriptRenderingTests : IDisposable
{
    private static readonly SlidePainter Painter = new LocalProviderOptions().Painter();
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string, string, string, string> Scripts => new()
    {
        // language, tesseract data, title, key point
        { "ja", "jpn", "変数と関数の基本", "名前を付けて値を保存します" },
        { "zh", "chi_sim", "变量和函数入门", "变量用来保存数据" },
        { "ar", "ara", "تعلم البرمجة خطوة بخطوة", "الدالة تعيد قيمة" },
        { "he", "heb", "מבוא לתכנות", "משתנה שומר ערך" },
        { "hi", "hin", "प्रोग्रामिंग का परिचय", "चर एक मान रखता है" },
        { "th", "tha", "การเขียนโปรแกรมเบื้องต้น", "ตัวแปรเก็บค่าไว้" },
        { "el", "ell", "Εισαγωγή στον προγραμματισμό", "Μια μεταβλητή κρατά μια τιμή" },
        { "ru", "rus", "Введение в программирование", "Переменная хранит значение" },
        { "fr", "fra", "Crème brûlée à l'école", "Ça coûte très peu, déjà prêt" },
    };

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task Title_card_and_slide_read_back_in_the_lessons_script(string language, string tesseract, string title, string point)
    {
        var script = new LessonScript(title, "", [new Scene(point, point, "")]) { Language = new LanguageChoice(language, Detected: false) };
        var card = Path.Combine(_folder.Path, $"{language}-title.png");
        var slide = Path.Combine(_folder.Path, $"{language}-slide.png");
        Painter.PaintTitleCard(script, card);
        Painter.PaintScene(script, 1, slide);

        var readTitle = await Ocr.ReadAsync(card, tesseract, crop: "1280:420:0:220");
        var readPoint = await Ocr.ReadAsync(slide, tesseract, crop: "1200:560:80:130");

        Assert.True(Ocr.LettersFound(title, readTitle) >= 0.7, $"title '{title}' read as '{readTitle}'");
        Assert.True(Ocr.LettersFound(point, readPoint) >= 0.7, $"key point '{point}' read as '{readPoint}'");
    }
}
