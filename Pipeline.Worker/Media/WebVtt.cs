using System.Globalization;
using System.Text;
using VideoGen.Worker.Stages;
using VideoGen.Worker.Text;

namespace VideoGen.Worker.Media;

public sealed record SubtitleCue(TimeSpan Start, TimeSpan End, string Text);

/// <summary>WebVTT subtitles timed to the narration: one cue per sentence, timed by its share of its segment.</summary>
public static class WebVtt
{
    private const int LineWidth = 42;

    public static IReadOnlyList<SubtitleCue> CuesFor(Narration narration)
    {
        var cues = new List<SubtitleCue>();
        foreach (var segment in narration.Segments)
        {
            var sentences = Sentences.Split(segment.Text);
            var totalChars = Math.Max(1, sentences.Sum(s => s.Length));
            var start = segment.Start;
            foreach (var sentence in sentences)
            {
                var end = start + segment.Duration * (sentence.Length / (double)totalChars);
                cues.Add(new SubtitleCue(start, end, sentence));
                start = end;
            }
        }

        return cues;
    }

    public static string Format(IEnumerable<SubtitleCue> cues)
    {
        var text = new StringBuilder("WEBVTT\n");
        var number = 0;
        foreach (var cue in cues)
        {
            text.Append('\n').Append(++number).Append('\n')
                .Append(Timestamp(cue.Start)).Append(" --> ").Append(Timestamp(cue.End)).Append('\n');
            // "-->" and blank lines would end a cue early; they have no place in spoken text anyway.
            var body = cue.Text.Replace("-->", "->", StringComparison.Ordinal);
            foreach (var line in TextWrap.Lines(body, LineWidth))
            {
                text.Append(line).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Timestamp(TimeSpan time) =>
        time.ToString(@"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture);
}
