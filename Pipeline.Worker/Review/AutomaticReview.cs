using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using VideoGen.Worker.Catalog;
using VideoGen.Worker.Media;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Review;

/// <summary>
/// Checks every video with ffmpeg's own detectors in one pass, whatever made it: black stretches (<c>blackdetect</c>),
/// a picture frozen longer than its scene (<c>freezedetect</c>), silence inside the narration beyond the designed
/// pauses (<c>silencedetect</c>), loudness far from speech's (EBU R128), audio and video of different lengths, and
/// subtitles that leave the narration uncovered or drift from it. Only reference frames are decoded, at a fifth of
/// the size: the detectors need durations, not every picture.
/// </summary>
public sealed partial class AutomaticReview(IOptions<ReviewOptions> options) : IVideoReviewer
{
    // Darker than the slides' navy background (about 9 % luma), so only a truly black picture counts.
    private const double BlackPixel = 0.05;
    private const double FreezeNoise = 0.003;
    private const double SilenceLevelDb = -45;
    private static readonly TimeSpan MinFreeze = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan FreezeTolerance = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LengthTolerance = TimeSpan.FromSeconds(0.5);

    private readonly ReviewOptions _options = options.Value;

    [GeneratedRegex(@"black_start:(?<start>[\d.]+) black_end:(?<end>[\d.]+) black_duration:(?<duration>[\d.]+)")]
    private static partial Regex BlackLine();

    [GeneratedRegex(@"freeze_(?<what>start|duration|end): (?<value>[\d.]+)")]
    private static partial Regex FreezeLine();

    [GeneratedRegex(@"silence_(?<what>start|end): (?<value>-?[\d.]+)")]
    private static partial Regex SilenceLine();

    [GeneratedRegex(@"^\s*I:\s+(?<value>-?[\d.]+|-inf) LUFS", RegexOptions.Multiline)]
    private static partial Regex IntegratedLoudness();

    public async Task<VideoReview> ReviewAsync(
        Lesson lesson, LessonScript script, Narration narration, LessonFootage footage, RenderedVideo video, CancellationToken cancellationToken)
    {
        var scenes = new SceneMap(narration, footage);
        var folder = Path.GetDirectoryName(video.VideoPath)!;
        var log = await ExternalTool.RunForErrorOutputAsync("ffmpeg",
        [
            "-hide_banner", "-nostats", "-nostdin", "-loglevel", "info",
            "-threads", "1", "-skip_frame", "noref", "-skip_loop_filter", "all", "-i", video.VideoPath,
            "-filter_complex",
            F($"[0:v]scale=256:-2:flags=neighbor,blackdetect=d={_options.MinBlack.TotalSeconds}:pix_th={BlackPixel},freezedetect=n={FreezeNoise}:d={MinFreeze.TotalSeconds}[v];") +
            F($"[0:a]silencedetect=n={SilenceLevelDb}dB:d={_options.MinSilence.TotalSeconds},ebur128=framelog=verbose[a]"),
            "-map", "[v]", "-map", "[a]", "-f", "null", "-",
        ], folder, _options.ToolTimeout, cancellationToken);

        var probe = await MediaProbe.ReadAsync(video.VideoPath, _options.ToolTimeout, cancellationToken);
        List<ReviewFinding> findings =
        [
            .. Black(log, scenes),
            .. Frozen(log, scenes, probe.Duration),
            .. Silent(log, scenes, narration),
            .. Loudness(log),
            .. Lengths(probe),
            .. SubtitleCheck.Findings(video.SubtitlesPath, narration, scenes),
        ];
        return new VideoReview(findings);
    }

    private IEnumerable<ReviewFinding> Black(string log, SceneMap scenes)
    {
        foreach (Match match in BlackLine().Matches(log))
        {
            var start = Seconds(match.Groups["start"].Value);
            var duration = Seconds(match.Groups["duration"].Value);
            var segment = scenes.SegmentAt(start + duration / 2);
            yield return new ReviewFinding($"{duration.TotalSeconds:0.0} s of black picture at {At(start)}{scenes.Describe(segment)}", segment, scenes.IsClip(segment));
        }
    }

    /// <summary>A slide is a still picture for its whole scene by design; a picture still for longer than its scene is not.</summary>
    private static IEnumerable<ReviewFinding> Frozen(string log, SceneMap scenes, TimeSpan videoLength)
    {
        TimeSpan? start = null;
        var freezes = new List<(TimeSpan Start, TimeSpan Duration)>();
        foreach (Match match in FreezeLine().Matches(log))
        {
            var value = Seconds(match.Groups["value"].Value);
            switch (match.Groups["what"].Value)
            {
                case "start":
                    start = value;
                    break;
                case "duration" when start is { } from:
                    freezes.Add((from, value));
                    start = null;
                    break;
            }
        }

        if (start is { } open)
        {
            freezes.Add((open, videoLength - open));
        }

        foreach (var (from, duration) in freezes)
        {
            var segment = scenes.SegmentAt(from + TimeSpan.FromMilliseconds(50));
            if (segment is { } s && duration > scenes.Duration(s) + FreezeTolerance)
            {
                yield return new ReviewFinding(
                    $"{duration.TotalSeconds:0.0} s of frozen picture from {At(from)}, longer than its scene{scenes.Describe(segment)}", segment, scenes.IsClip(segment));
            }
        }
    }

    private static IEnumerable<ReviewFinding> Silent(string log, SceneMap scenes, Narration narration)
    {
        TimeSpan? start = null;
        foreach (Match match in SilenceLine().Matches(log))
        {
            var value = Seconds(match.Groups["value"].Value);
            if (match.Groups["what"].Value == "start")
            {
                start = value < TimeSpan.Zero ? TimeSpan.Zero : value;
                continue;
            }

            if (start is not { } from)
            {
                continue;
            }

            start = null;
            // The last moments after the narration ends are not inside it.
            var end = value > narration.Duration ? narration.Duration : value;
            if (end - from >= TimeSpan.FromSeconds(0.5))
            {
                var segment = scenes.SegmentAt(from + (end - from) / 2);
                yield return new ReviewFinding($"{(end - from).TotalSeconds:0.0} s of silence at {At(from)}{scenes.Describe(segment)}", segment, false);
            }
        }

        if (start is { } open && narration.Duration - open >= TimeSpan.FromSeconds(2))
        {
            var segment = scenes.SegmentAt(open);
            yield return new ReviewFinding($"silent from {At(open)} to the end{scenes.Describe(segment)}", segment, false);
        }
    }

    private IEnumerable<ReviewFinding> Loudness(string log)
    {
        var match = IntegratedLoudness().Matches(log).LastOrDefault();
        if (match is null)
        {
            yield break;
        }

        var value = match.Groups["value"].Value;
        var lufs = value == "-inf" ? double.NegativeInfinity : double.Parse(value, CultureInfo.InvariantCulture);
        if (lufs < _options.LoudnessTarget - _options.LoudnessTolerance)
        {
            yield return new ReviewFinding(double.IsNegativeInfinity(lufs) || lufs <= -69
                ? "the sound is silent throughout"
                : F($"the sound is too quiet: {lufs:0} LUFS, where speech is about {_options.LoudnessTarget:0}"));
        }
        else if (lufs > _options.LoudnessTarget + _options.LoudnessTolerance)
        {
            yield return new ReviewFinding(F($"the sound is too loud: {lufs:0} LUFS, where speech is about {_options.LoudnessTarget:0}"));
        }
    }

    private static IEnumerable<ReviewFinding> Lengths(MediaProbe probe)
    {
        if (probe.Video?.Duration is { } video && probe.Audio?.Duration is { } audio && (video - audio).Duration() > LengthTolerance)
        {
            yield return new ReviewFinding($"the picture lasts {video.TotalSeconds:0.0} s but the sound {audio.TotalSeconds:0.0} s");
        }
    }

    internal static string At(TimeSpan time) => F($"{(int)time.TotalMinutes}:{time.Seconds:00}");

    private static TimeSpan Seconds(string value) => TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture));

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
