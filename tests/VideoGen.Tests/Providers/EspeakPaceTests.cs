using Microsoft.Extensions.Options;
using VideoGen.Worker.Providers.Local;
using VideoGen.Worker.Text;

namespace VideoGen.Tests.Providers;

/// <summary>espeak-ng's real speed, measured on the lesson's own sentences.</summary>
public sealed class EspeakPaceTests
{
    private static EspeakPace Pace()
    {
        var options = Options.Create(new LocalProviderOptions());
        return new EspeakPace(options, new EspeakVoices(options));
    }

    [Fact]
    public async Task Japanese_with_kanji_is_spoken_far_slower_than_the_set_speed_and_spanish_about_at_it()
    {
        var kanji = await Pace().WordsPerMinuteAsync(new LanguageChoice("ja", Detected: false),
            ["変数とは、値に名前を付けて保存しておくための箱のようなものです。", "関数は処理をまとめたものです。", "条件分岐によってプログラムは判断を行います。"], CancellationToken.None);
        var spanish = await Pace().WordsPerMinuteAsync(new LanguageChoice("es", Detected: false),
            ["Una variable guarda un valor con un nombre.", "Un bucle repite las instrucciones mientras la condición sea verdadera.", "Las funciones agrupan el trabajo."], CancellationToken.None);

        Assert.InRange(kanji, 10, 100);
        Assert.InRange(spanish, 110, 220);
    }

    [Fact]
    public async Task English_is_spoken_at_the_set_speed_without_measuring()
    {
        var pace = await Pace().WordsPerMinuteAsync(new LanguageChoice("en", Detected: false), ["A loop repeats work until its condition is false."], CancellationToken.None);

        Assert.Equal(new LocalProviderOptions().WordsPerMinute, pace);
    }
}
