using Microsoft.Extensions.Options;
using VideoGen.Worker.Providers.Local;
using VideoGen.Worker.Text;

namespace VideoGen.Tests.Providers;

/// <summary>The espeak-ng voice for each language, from the voices this machine's espeak-ng really has.</summary>
public sealed class EspeakVoicesTests
{
    private readonly EspeakVoices _voices = new(Options.Create(new LocalProviderOptions { Voice = "en-us" }));

    [Theory]
    [InlineData("en", "en-us")]
    [InlineData("en-GB", "en-us")]
    [InlineData("fr", "fr-fr")]
    [InlineData("fr-BE", "fr-be")]
    [InlineData("pt-BR", "pt-br")]
    [InlineData("de", "de")]
    [InlineData("zh", "cmn")]
    [InlineData("ar", "ar")]
    [InlineData("hi", "hi")]
    [InlineData("ru", "ru")]
    public async Task Each_language_is_spoken_with_its_own_voice(string tag, string voice)
    {
        var choice = await _voices.ChooseAsync(new LanguageChoice(tag, false), "text", CancellationToken.None);

        Assert.Equal(voice, choice.Voice);
        Assert.Empty(choice.Warnings);
    }

    [Fact]
    public async Task A_language_espeak_ng_cannot_speak_falls_back_to_the_configured_voice_and_says_so()
    {
        var choice = await _voices.ChooseAsync(new LanguageChoice("yo", false), "Ẹ kú àárọ̀", CancellationToken.None);

        Assert.Equal("en-us", choice.Voice);
        Assert.Contains(choice.Warnings, w => w.Contains("no voice for 'yo'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Japanese_with_kanji_is_spoken_in_japanese_with_a_warning_and_kana_alone_without()
    {
        var kanji = await _voices.ChooseAsync(new LanguageChoice("ja", true), "ループは条件が変わるまで作業を繰り返します。", CancellationToken.None);
        var kana = await _voices.ChooseAsync(new LanguageChoice("ja", true), "ループは じょうけんが かわるまで くりかえします。", CancellationToken.None);

        Assert.Equal("ja", kanji.Voice);
        Assert.Contains(kanji.Warnings, w => w.Contains("kanji", StringComparison.Ordinal));
        Assert.Equal("ja", kana.Voice);
        Assert.Empty(kana.Warnings);
    }
}
