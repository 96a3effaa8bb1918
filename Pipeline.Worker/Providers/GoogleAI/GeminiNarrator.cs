using Microsoft.Extensions.Options;
using VideoGen.Worker.Media;
using VideoGen.Worker.Providers.Local;
using VideoGen.Worker.Stages;
using VideoGen.Worker.Text;
using VideoGen.Worker.Telemetry;

namespace VideoGen.Worker.Providers.GoogleAI;

/// <summary>
/// Narrates with Gemini TTS: the title and each scene are spoken separately (a long scene in several requests
/// split at sentence ends, a few requests in flight at once), the PCM answers wrapped as WAV, and the parts joined with
/// short pauses. The voice and
/// the language code follow the lesson's language.
/// </summary>
public sealed class GeminiNarrator(GenAIClient client, IOptions<GoogleAIOptions> options, IOptions<LocalProviderOptions> pauses) : INarrator
{
    private const int PcmSampleRate = 24_000;

    private readonly GoogleAIOptions _options = options.Value;

    public string Settings =>
        $"gemini-tts/2;model={_options.SpeechModel};voice={_options.Voice};pause={pauses.Value.PauseMilliseconds}" +
        string.Concat(_options.VoicesByLanguage.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $";voice:{v.Key}={v.Value}")) +
        string.Concat(_options.SpeechLanguageCodes.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $";code:{v.Key}={v.Value}"));

    public async Task<Narration> NarrateAsync(LessonScript script, DirectoryInfo workFolder, CancellationToken cancellationToken)
    {
        var tag = script.Language.Tag;
        var voice = _options.VoicesByLanguage.GetValueOrDefault(tag) ?? _options.VoicesByLanguage.GetValueOrDefault(script.Language.Primary) ?? _options.Voice;
        var languageCode = SpeechLanguages.For(tag, _options.SpeechLanguageCodes);
        var speech = new SpeechConfig(new VoiceConfig(new PrebuiltVoiceConfig(voice)), languageCode);

        // Every request of the lesson at once (up to a bound), each answer put back in its place.
        var texts = script.SpokenParts().ToList();
        var requests = texts.SelectMany((text, part) => Chunks(text).Select(chunk => (Part: part, Chunk: chunk))).ToList();
        var pieces = new WavFile[requests.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, requests.Count),
            new ParallelOptions { MaxDegreeOfParallelism = _options.SpeechRequestsPerLesson, CancellationToken = cancellationToken },
            async (i, ct) => pieces[i] = await SpeakAsync(requests[i].Chunk, speech, ct));
        var parts = texts.Select((text, part) => (text, WavFile.Concat([.. pieces.Where((_, i) => requests[i].Part == part)]))).ToList();

        var narration = NarrationAssembler.Assemble(parts, TimeSpan.FromMilliseconds(pauses.Value.PauseMilliseconds), workFolder.FullName);
        return narration with { Voice = languageCode is null ? voice : $"{voice} ({languageCode})" };
    }

    private async Task<WavFile> SpeakAsync(string text, SpeechConfig speech, CancellationToken cancellationToken)
    {
        var request = new GenerateContentRequest(
            [new Content("user", [new Part(text)])],
            GenerationConfig: new GenerationConfig(ResponseModalities: ["AUDIO"], SpeechConfig: speech));
        var response = await client.GenerateContentAsync(_options.SpeechModel, _options.Location, request, SpendPurpose.Narration, cancellationToken);
        var audio = GeminiAnswers.Audio(response, "the narration");

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(audio.Data);
        }
        catch (FormatException ex)
        {
            throw StageException.Transient("Gemini TTS answered audio that is not base64", ex, "malformed");
        }

        return Decode(audio.MimeType, bytes);
    }

    /// <summary>PCM (<c>audio/L16;rate=24000</c>) becomes WAV; a WAV answer is used as it is.</summary>
    public static WavFile Decode(string mimeType, byte[] bytes)
    {
        var type = mimeType.ToLowerInvariant();
        if (type.Contains("wav", StringComparison.Ordinal))
        {
            return WavFile.Parse(bytes, "Gemini TTS answer");
        }

        if (!type.StartsWith("audio/l16", StringComparison.Ordinal) && !type.Contains("pcm", StringComparison.Ordinal))
        {
            throw StageException.Permanent($"Gemini TTS answered {mimeType}, which is neither PCM nor WAV");
        }

        var rate = type.Split(';').Select(p => p.Trim()).FirstOrDefault(p => p.StartsWith("rate=", StringComparison.Ordinal)) is { } r
            && int.TryParse(r[5..], out var parsed) ? parsed : PcmSampleRate;
        return new WavFile(1, rate, 16, bytes.Length % 2 == 0 ? bytes : bytes[..^1]);
    }

    private IEnumerable<string> Chunks(string text)
    {
        var chunk = new List<string>();
        var length = 0;
        foreach (var sentence in Sentences.Split(text))
        {
            if (length > 0 && length + sentence.Length + 1 > _options.MaxSpeechChars)
            {
                yield return string.Join(' ', chunk);
                chunk.Clear();
                length = 0;
            }

            chunk.Add(sentence);
            length += sentence.Length + 1;
        }

        if (chunk.Count > 0)
        {
            yield return string.Join(' ', chunk);
        }
    }
}
