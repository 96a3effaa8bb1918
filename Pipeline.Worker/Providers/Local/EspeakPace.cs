using System.Globalization;
using Microsoft.Extensions.Options;
using VideoGen.Worker.Media;
using VideoGen.Worker.Text;

namespace VideoGen.Worker.Providers.Local;

/// <summary>
/// How fast espeak-ng really speaks a lesson's language, in words as narration counts them. Its speed setting holds for
/// the languages it reads fluently; in others it is far slower (Japanese kanji it reads one by one, by their Chinese or
/// spelled-out names, at a quarter of the set speed). Measured by speaking a sample of the lesson's own sentences.
/// </summary>
public sealed class EspeakPace(IOptions<LocalProviderOptions> options, EspeakVoices voices)
{
    private const int SampleCharacters = 600;

    /// <summary>Counted words a minute in the voice the narrator will choose for <paramref name="language"/>.</summary>
    public async Task<double> WordsPerMinuteAsync(LanguageChoice language, IReadOnlyList<string> sentences, CancellationToken cancellationToken)
    {
        var configured = options.Value.WordsPerMinute;
        var sample = string.Join(' ', sentences).Trim();
        sample = sample.Length > SampleCharacters ? sample[..SampleCharacters] : sample;
        var words = Sentences.CountWords(sample);
        if (language.Primary == "en" || words < 10)
        {
            return configured;
        }

        var voice = await voices.ChooseAsync(language, sample, cancellationToken);
        var folder = Directory.CreateTempSubdirectory("videogen-pace-");
        try
        {
            var text = Path.Combine(folder.FullName, "sample.txt");
            var wav = Path.Combine(folder.FullName, "sample.wav");
            await File.WriteAllTextAsync(text, sample, cancellationToken);
            await ExternalTool.RunAsync(
                "espeak-ng", ["-v", voice.Voice, "-s", configured.ToString(CultureInfo.InvariantCulture), "-f", text, "-w", wav],
                folder.FullName, options.Value.ToolTimeout, cancellationToken);
            var minutes = WavFile.Read(wav).Duration.TotalMinutes;
            return minutes <= 0 ? configured : words / minutes;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
