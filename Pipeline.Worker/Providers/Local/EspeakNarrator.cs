using System.Globalization;
using Microsoft.Extensions.Options;
using VideoGen.Worker.Media;

namespace VideoGen.Worker.Providers.Local;

/// <summary>
/// Narrates with espeak-ng: the title and each scene are spoken separately, so their exact start times are
/// known for slides and subtitles, then joined into one WAV with a short pause between them.
/// </summary>
public sealed class EspeakNarrator(IOptions<LocalProviderOptions> options) : INarrator
{
    private readonly LocalProviderOptions _options = options.Value;

    public string Settings => $"espeak-ng/1;voice={_options.Voice};wpm={_options.WordsPerMinute};pause={_options.PauseMilliseconds}";

    public async Task<Narration> NarrateAsync(LessonScript script, DirectoryInfo workFolder, CancellationToken cancellationToken)
    {
        var texts = new List<string> { script.Title.TrimEnd('.') + "." };
        texts.AddRange(script.Scenes.Select(s => s.Narration));

        var parts = new List<WavFile>();
        for (var i = 0; i < texts.Count; i++)
        {
            var textFile = Path.Combine(workFolder.FullName, $"speech{i}.txt");
            var wavFile = Path.Combine(workFolder.FullName, $"speech{i}.wav");
            await File.WriteAllTextAsync(textFile, texts[i], cancellationToken);
            await ExternalTool.RunAsync(
                "espeak-ng",
                ["-v", _options.Voice, "-s", _options.WordsPerMinute.ToString(CultureInfo.InvariantCulture), "-f", textFile, "-w", wavFile],
                workFolder.FullName,
                _options.ToolTimeout,
                cancellationToken);
            parts.Add(WavFile.Read(wavFile));
        }

        var pause = parts[0].Silence(TimeSpan.FromMilliseconds(_options.PauseMilliseconds));
        var joined = new List<WavFile>();
        var segments = new List<NarrationSegment>();
        var start = TimeSpan.Zero;
        for (var i = 0; i < parts.Count; i++)
        {
            // Each segment owns the pause after it, so slides change when the next part starts speaking.
            var withPause = i < parts.Count - 1 ? new[] { parts[i], pause } : new[] { parts[i] };
            joined.AddRange(withPause);
            var duration = withPause.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Duration);
            segments.Add(new NarrationSegment(texts[i], start, duration));
            start += duration;
        }

        var narration = WavFile.Concat(joined);
        var path = Path.Combine(workFolder.FullName, "narration.wav");
        narration.Write(path);
        return new Narration(path, segments, narration.Duration);
    }
}
