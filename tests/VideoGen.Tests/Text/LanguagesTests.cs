using VideoGen.Worker.Text;

namespace VideoGen.Tests.Text;

/// <summary>A lesson's language: the catalog's when it is a known code, else detected from the text.</summary>
public sealed class LanguagesTests
{
    [Theory]
    [InlineData("A loop repeats work until its condition changes. The for loop walks over a list.", "en")]
    [InlineData("Une boucle répète le travail jusqu'à ce que sa condition change. La boucle for parcourt une liste.", "fr")]
    [InlineData("Un bucle repite el trabajo hasta que cambie su condición. El bucle for recorre una lista.", "es")]
    [InlineData("Los estudiantes aprenden que el programa lee los datos y luego los guarda en una tabla", "es")]
    [InlineData("Een lus is een blok code dat herhaald wordt tot de voorwaarde verandert", "nl")]
    [InlineData("Eine Schleife wiederholt die Arbeit, bis sich ihre Bedingung ändert.", "de")]
    [InlineData("ループは条件が変わるまで作業を繰り返します。", "ja")]
    [InlineData("循环会重复工作，直到条件改变。", "zh")]
    [InlineData("الحلقة تكرر العمل حتى يتغير شرطها.", "ar")]
    [InlineData("לולאה חוזרת על העבודה עד שהתנאי שלה משתנה.", "he")]
    [InlineData("लूप काम को दोहराता है", "hi")]
    [InlineData("ลูปทำงานซ้ำจนกว่าเงื่อนไขจะเปลี่ยนไป", "th")]
    [InlineData("Ένας βρόχος επαναλαμβάνει τη δουλειά μέχρι να αλλάξει η συνθήκη του.", "el")]
    [InlineData("Цикл повторяет работу, пока не изменится его условие.", "ru")]
    public void The_language_is_detected_from_the_text_when_the_catalog_gives_none(string text, string expected)
    {
        var choice = Languages.Resolve(null, text);

        Assert.Equal(expected, choice.Tag);
        Assert.True(choice.Detected);
        Assert.Null(choice.Warning);
    }

    [Theory]
    [InlineData("fr", "fr")]
    [InlineData("FR", "fr")]
    [InlineData("pt-br", "pt-BR")]
    [InlineData("zh-hant-tw", "zh-Hant-TW")]
    [InlineData("eng", "eng")]
    public void A_known_code_from_the_catalog_is_used_as_given(string given, string expected)
    {
        var choice = Languages.Resolve(given, "A loop repeats work until its condition changes.");

        Assert.Equal(expected, choice.Tag);
        Assert.False(choice.Detected);
        Assert.Null(choice.Warning);
    }

    [Theory]
    [InlineData("xx")]
    [InlineData("french")]
    [InlineData("fr_FR")]
    [InlineData("<script>")]
    public void An_unknown_code_is_warned_about_and_the_language_detected_instead(string given)
    {
        var choice = Languages.Resolve(given, "Une boucle répète le travail jusqu'à ce que sa condition change.");

        Assert.Equal("fr", choice.Tag);
        Assert.True(choice.Detected);
        Assert.Contains($"'{given}'", choice.Warning);
        Assert.Contains("detected 'fr'", choice.Warning);
    }

    [Fact]
    public void Text_with_nothing_to_go_on_is_english()
    {
        Assert.Equal("en", Languages.Resolve(null, "123 456 !!!").Tag);
        Assert.Equal("en", Languages.Resolve(null, "").Tag);
    }
}
