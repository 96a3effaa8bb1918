using System.Globalization;
using System.Text.RegularExpressions;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Review;

/// <summary>Subtitles that cover the narration from start to end, each scene's starting with its speech.</summary>
internal static partial class SubtitleCheck
{
    private static readonly TimeSpan MaxGap = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxDrift = TimeSpan.FromSeconds(0.5);

    [GeneratedRegex(@"^(?<start>\d{2}:\d{2}:\d{2}\.\d{3}) --> (?<end>\d{2}:\d{2}:\d{2}\.\d{3})", RegexOptions.Multiline)]
    private static partial Regex CueTiming();

    public static IEnumerable<ReviewFinding> Findings(string subtitlesPath, Narration narration, SceneMap scenes)
    {
        var cues = File.Exists(subtitlesPath)
            ? CueTiming().Matches(File.ReadAllText(subtitlesPath)).Select(m => (Start: Time(m.Groups["start"].Value), End: Time(m.Groups["end"].Value))).ToList()
            : [];
        if (cues.Count == 0)
        {
            yield return new ReviewFinding("the video has no subtitles");
            yield break;
        }

        var covered = TimeSpan.Zero;
        foreach (var (start, end) in cues.OrderBy(c => c.Start))
        {
            if (start - covered > MaxGap)
            {
                var segment = scenes.SegmentAt(covered);
                yield return new ReviewFinding($"subtitles leave {(start - covered).TotalSeconds:0.0} s of narration at {AutomaticReview.At(covered)} uncovered{scenes.Describe(segment)}", segment);
            }

            covered = end > covered ? end : covered;
        }

        if (narration.Duration - covered > MaxGap)
        {
            yield return new ReviewFinding($"subtitles end at {AutomaticReview.At(covered)}, {(narration.Duration - covered).TotalSeconds:0.0} s before the narration does");
        }

        // Each part of the narration is subtitled from its first word: a cue should start where it starts.
        for (var i = 0; i < narration.Segments.Count; i++)
        {
            var segment = narration.Segments[i];
            var nearest = cues.MinBy(c => (c.Start - segment.Start).Duration());
            var drift = nearest.Start - segment.Start;
            if (drift.Duration() > MaxDrift)
            {
                yield return new ReviewFinding($"subtitles drift {drift.Duration().TotalSeconds:0.0} s from the narration at {AutomaticReview.At(segment.Start)}{scenes.Describe(i)}", i);
            }
        }
    }

    private static TimeSpan Time(string text) => TimeSpan.ParseExact(text, @"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture);
}
