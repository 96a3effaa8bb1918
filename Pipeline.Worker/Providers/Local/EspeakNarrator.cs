using System.Globalization;
using Microsoft.Extensions.Options;
using VideoGen.Worker.Media;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Providers.Local;

/// <summary>
/// Narrates with espeak-ng: the title and each scene are spoken separately, so their exact start times are
/// known for slides and subtitles, then joined into one WAV with a short pause between them; in the voice of the
/// lesson's language.
/// </summary>
public sealed class EspeakNarrator(IOptions<LocalProviderOptions> options, EspeakVoices voices) : INarrator
{
    private readonly LocalProviderOptions _options = options.Value;

    public string Settings => $"espeak-ng/1;voice={_options.Voice};wpm={_options.WordsPerMinute};pause={_options.PauseMilliseconds}";

    public async Task<Narration> NarrateAsync(LessonScript script, DirectoryInfo workFolder, CancellationToken cancellationToken)
    {
        var voice = await voices.ChooseAsync(script.Language, string.Join('\n', script.SpokenParts()), cancellationToken);
        var parts = new List<(string, WavFile)>();
        foreach (var (text, i) in script.SpokenParts().Select((t, i) => (t, i)))
        {
            var textFile = Path.Combine(workFolder.FullName, $"speech{i}.txt");
            var wavFile = Path.Combine(workFolder.FullName, $"speech{i}.wav");
            await File.WriteAllTextAsync(textFile, text, cancellationToken);
            await ExternalTool.RunAsync(
                "espeak-ng",
                ["-v", voice.Voice, "-s", _options.WordsPerMinute.ToString(CultureInfo.InvariantCulture), "-f", textFile, "-w", wavFile],
                workFolder.FullName,
                _options.ToolTimeout,
                cancellationToken);
            parts.Add((text, ReadSpoken(wavFile)));
        }

        return NarrationAssembler.Assemble(parts, TimeSpan.FromMilliseconds(_options.PauseMilliseconds), workFolder.FullName) with
        {
            Voice = voice.Voice,
            Warnings = voice.Warnings,
        };
    }

    /// <summary>
    /// espeak-ng meets a full disk without a word: it exits 0 having written a cut-off file. Looked at the moment
    /// it exits, before another lesson's clean-up can free the disk again, such a file is taken for the full disk.
    /// </summary>
    private static WavFile ReadSpoken(string wavFile)
    {
        try
        {
            return WavFile.Read(wavFile);
        }
        catch (InvalidDataException ex) when (TransientFailure.IsOutOfSpace(Path.GetDirectoryName(wavFile)!))
        {
            throw new IOException($"{ex.Message}: {TransientFailure.DiskFullText} (espeak-ng cut it off)", ex);
        }
    }
}
