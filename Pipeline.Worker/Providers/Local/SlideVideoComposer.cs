using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using VideoGen.Worker.CommandLine;
using VideoGen.Worker.Media;
using VideoGen.Worker.Slides;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Providers.Local;

/// <summary>A generated clip shown in place of one narration segment's slide.</summary>
/// <param name="Segment">Index into the narration's segments (0 is the title card).</param>
/// <param name="IsShot">A camera shot that moves of itself: no local camera move over it.</param>
public sealed record ClipPlacement(int Segment, string Path, bool HasAudio, bool IsShot = false);

/// <summary>
/// Makes the lesson video with ffmpeg: a 1280x720 30 fps H.264/AAC MP4 as long as the narration, with a title
/// card and one slide per scene (drawn by <see cref="SlidePainter"/>, each shown from the start of its part of
/// the narration to the start of the next), or a clip in place of a slide where one is given (scaled, converted
/// to 30 fps, its own sound ducked under the narration). Also writes WebVTT subtitles and a JPG thumbnail, and
/// checks the video with ffprobe before handing it on.
/// </summary>
public sealed class SlideVideoComposer(IOptions<LocalProviderOptions> options, IOptions<WorkerOptions> worker, SlidePainter painter)
{
    private const int FramesPerSecond = 30;
    private const double ClipSoundVolume = 0.15;

    // A slide's background moves half as much as its text: the slight parallax of a nearer layer.
    private const double BackgroundStrength = 0.5;
    private static readonly TimeSpan DurationTolerance = TimeSpan.FromSeconds(0.5);

    private readonly LocalProviderOptions _options = options.Value;
    private readonly bool _camera = worker.Value.Camera != WorkerOptions.CameraOff;

    private readonly string _presenter = worker.Value.Presenter;

    public string Settings =>
        $"skia-slides/1;{SlideTheme.Width}x{SlideTheme.Height}@{FramesPerSecond};preset={_options.VideoPreset};burn={_options.BurnSubtitles}" +
        (_camera ? ";camera=local/1" : "") + (_presenter == WorkerOptions.PresenterOff ? "" : $";presenter={_presenter}/1");

    public async Task<RenderedVideo> ComposeAsync(
        LessonScript script, Narration narration, IReadOnlyList<ClipPlacement> clips, PresenterTrack? presenter, DirectoryInfo workFolder,
        CancellationToken cancellationToken)
    {
        var folder = workFolder.FullName;
        var subtitles = Path.Combine(folder, "subtitles.vtt");
        await File.WriteAllTextAsync(subtitles, WebVtt.Format(WebVtt.CuesFor(narration)), cancellationToken);

        WriteSlides(script, narration, clips, folder);
        if (presenter is not null)
        {
            PresenterMask.Paint(Path.Combine(folder, "presenter-mask.png"));
        }

        var graph = FilterGraph(script, narration, clips, presenter is not null);
        await File.WriteAllTextAsync(Path.Combine(folder, "video.filter"), graph, cancellationToken);

        var seconds = Seconds(narration.Duration);
        var video = Path.Combine(folder, "video.mp4");
        var inputs = new List<string>
        {
            "-f", "concat", "-safe", "0", "-i", "slides.ffconcat",
            "-i", narration.WavPath,
        };
        foreach (var clip in clips)
        {
            inputs.AddRange(["-i", clip.Path]);
        }

        if (presenter is not null)
        {
            // The mask is one picture, repeated for as long as the video lasts.
            inputs.AddRange(["-i", presenter.VideoPath, "-loop", "1", "-framerate", $"{FramesPerSecond}", "-t", Seconds(narration.Duration), "-i", "presenter-mask.png"]);
        }

        if (_camera)
        {
            inputs.AddRange(["-f", "concat", "-safe", "0", "-i", "layers-back.ffconcat", "-f", "concat", "-safe", "0", "-i", "layers-text.ffconcat"]);
        }

        await RunFfmpegAsync(
            [.. inputs,
             "-filter_complex_script", "video.filter", "-map", "[v]", "-map", "[a]",
             "-c:v", "libx264", "-preset", _options.VideoPreset, "-tune", "stillimage", "-pix_fmt", "yuv420p", "-r", $"{FramesPerSecond}",
             "-c:a", "aac", "-b:a", "128k", "-ar", "48000",
             "-t", seconds, "-movflags", "+faststart", video],
            folder, cancellationToken);

        var probe = await MediaProbe.ReadAsync(video, _options.ToolTimeout, cancellationToken);
        var problems = probe.FindProblems(SlideTheme.Width, SlideTheme.Height, FramesPerSecond, narration.Duration, DurationTolerance);
        if (problems.Count > 0)
        {
            throw StageException.Permanent($"ffmpeg made an unusable video: {string.Join("; ", problems)}");
        }

        var thumbnail = Path.Combine(folder, "thumbnail.jpg");
        var titleMiddle = Seconds(narration.Segments[0].Duration / 2);
        await RunFfmpegAsync(["-ss", titleMiddle, "-i", video, "-frames:v", "1", "-vf", "scale=640:360", "-q:v", "3", thumbnail], folder, cancellationToken);

        return new RenderedVideo(video, thumbnail, subtitles);
    }

    /// <summary>
    /// Paints the title card and the slide of every scene not covered by a clip, and lists them with how long each
    /// shows in an ffconcat file, the video's first input. With the camera moving, each slide is also painted as two
    /// layers, background and text, listed the same way, for the parallax of its move.
    /// </summary>
    private void WriteSlides(LessonScript script, Narration narration, IReadOnlyList<ClipPlacement> clips, string folder)
    {
        var (slides, backs, texts) = (Concat(), Concat(), Concat());
        var segments = narration.Segments;
        if (_camera)
        {
            SlidePainter.PaintEmptyLayer(Path.Combine(folder, "no-text.png"));
        }

        for (var i = 0; i < segments.Count; i++)
        {
            var name = i == 0 ? "title" : clips.Any(c => c.Segment == i) ? "background" : $"scene{i}";
            var (back, text) = name == "background" ? ("background.png", "no-text.png") : ($"{name}-back.png", $"{name}-text.png");
            if (i == 0)
            {
                painter.PaintTitleCard(script, Path.Combine(folder, $"{name}.png"));
                if (_camera)
                {
                    painter.PaintTitleCard(script, Path.Combine(folder, back), Path.Combine(folder, text));
                }
            }
            else if (name == "background")
            {
                SlidePainter.PaintBackground(Path.Combine(folder, "background.png"));
            }
            else
            {
                painter.PaintScene(script, i, Path.Combine(folder, $"{name}.png"));
                if (_camera)
                {
                    painter.PaintScene(script, i, Path.Combine(folder, back), Path.Combine(folder, text));
                }
            }

            var end = i + 1 < segments.Count ? segments[i + 1].Start : narration.Duration;
            var last = i == segments.Count - 1;
            Append(slides, $"{name}.png", end - segments[i].Start, last);
            Append(backs, back, end - segments[i].Start, last);
            Append(texts, text, end - segments[i].Start, last);
        }

        File.WriteAllText(Path.Combine(folder, "slides.ffconcat"), slides.ToString());
        if (_camera)
        {
            File.WriteAllText(Path.Combine(folder, "layers-back.ffconcat"), backs.ToString());
            File.WriteAllText(Path.Combine(folder, "layers-text.ffconcat"), texts.ToString());
        }

        static StringBuilder Concat() => new("ffconcat version 1.0\n");

        static void Append(StringBuilder list, string file, TimeSpan duration, bool last)
        {
            list.Append(CultureInfo.InvariantCulture, $"file {file}\nduration {Seconds(duration)}\n");
            if (last)
            {
                // The demuxer gives the last picture no time of its own unless it is listed once more.
                list.Append(CultureInfo.InvariantCulture, $"file {file}\n");
            }
        }
    }

    private string FilterGraph(LessonScript script, Narration narration, IReadOnlyList<ClipPlacement> clips, bool presenter)
    {
        var graph = new StringBuilder();
        // Converted to the video's pixel format once per slide, before fps repeats each slide into a frame per 1/30 s.
        graph.Append(CultureInfo.InvariantCulture, $"[0:v]format=yuv420p,fps={FramesPerSecond},setsar=1[slides];\n");

        var video = "slides";
        for (var k = 0; k < clips.Count; k++)
        {
            var segment = narration.Segments[clips[k].Segment];
            var (start, end, length) = (Seconds(segment.Start), Seconds(segment.End), Seconds(segment.Duration));
            // A clip shorter than its segment holds its last frame; a longer one is cut.
            graph.Append(CultureInfo.InvariantCulture,
                $"[{k + 2}:v]fps={FramesPerSecond},scale={SlideTheme.Width}:{SlideTheme.Height}:force_original_aspect_ratio=decrease," +
                $"pad={SlideTheme.Width}:{SlideTheme.Height}:(ow-iw)/2:(oh-ih)/2,setsar=1,tpad=stop_mode=clone:stop_duration={length}," +
                $"trim=duration={length},setpts=PTS-STARTPTS+{start}/TB[clip{k}];\n");
            graph.Append(CultureInfo.InvariantCulture,
                $"[{video}][clip{k}]overlay=eof_action=pass:enable='between(t,{start},{end})'[over{k}];\n");
            video = $"over{k}";
        }

        // With a presenter, burnt subtitles keep to the left of it (margins are in the subtitle renderer's 384 px wide units).
        var marginRight = presenter ? $",MarginR={(SlideTheme.PresenterSize + SlideTheme.PresenterInset + 16) * 384 / SlideTheme.Width}" : "";
        var subtitles = _options.BurnSubtitles
            ? $",subtitles=subtitles.vtt:force_style='FontName=DejaVu Sans,FontSize=20,Outline=1,MarginV=24{marginRight}'"
            : "";
        // The camera moves over slides and clips alike (not over shots, which move of themselves); burnt subtitles and
        // the presenter stay still over it. A clip moves as one picture; a slide's text moves more than its background.
        string[] texts = [script.Title, .. script.Scenes.Select(s => s.Narration)];
        bool IsClip(int segment) => clips.Any(c => c.Segment == segment);
        bool IsShot(int segment) => clips.Any(c => c.Segment == segment && c.IsShot);
        var moves = _camera ? CameraMoves.Filters(narration, texts, FramesPerSecond, segment => IsClip(segment) && !IsShot(segment)) : "";
        var camera = moves.Length > 0 ? moves + "," : "";
        if (_camera && CameraMoves.During(narration, texts, segment => !IsClip(segment)) is { } during)
        {
            var layers = clips.Count + 2 + (presenter ? 2 : 0);
            var back = CameraMoves.Filters(narration, texts, FramesPerSecond, segment => !IsClip(segment), BackgroundStrength);
            var front = CameraMoves.Filters(narration, texts, FramesPerSecond, segment => !IsClip(segment));
            graph.Append(CultureInfo.InvariantCulture,
                $"[{layers}:v]format=yuv420p,fps={FramesPerSecond},setsar=1,{back}[back];\n" +
                $"[{layers + 1}:v]format=yuva420p,fps={FramesPerSecond},setsar=1,{front}[front];\n" +
                $"[back][front]overlay=eof_action=pass:enable='{during}'[layered];\n" +
                $"[{video}]{camera}null[clipsmoved];\n" +
                $"[clipsmoved][layered]overlay=eof_action=pass:enable='{during}'[parallax];\n");
            (video, camera) = ("parallax", "");
        }

        if (presenter)
        {
            // The presenter stays in its corner, still, whatever the camera does behind it.
            var (track, mask) = (clips.Count + 2, clips.Count + 3);
            var size = SlideTheme.PresenterSize;
            graph.Append(CultureInfo.InvariantCulture,
                $"[{track}:v]fps={FramesPerSecond},scale={size}:{size},setsar=1,format=yuva420p[head];\n" +
                $"[{mask}:v]scale={size}:{size},format=gray[mask];\n[head][mask]alphamerge[presenter];\n" +
                $"[{video}]{camera}null[moved];\n" +
                $"[moved][presenter]overlay=x=W-w-{SlideTheme.PresenterInset}:y=H-h-{SlideTheme.PresenterInset}:eof_action=pass:shortest=0[withpresenter];\n");
            (video, camera) = ("withpresenter", "");
        }

        graph.Append(CultureInfo.InvariantCulture, $"[{video}]{camera}format=yuv420p{subtitles}[v];\n");

        var sounds = clips.Select((clip, k) => (clip, k)).Where(c => c.clip.HasAudio).ToList();
        foreach (var (clip, k) in sounds)
        {
            var segment = narration.Segments[clip.Segment];
            var delay = (long)segment.Start.TotalMilliseconds;
            graph.Append(CultureInfo.InvariantCulture,
                $"[{k + 2}:a]atrim=duration={Seconds(segment.Duration)},asetpts=PTS-STARTPTS,volume={ClipSoundVolume},adelay={delay}:all=1[sound{k}];\n");
        }

        graph.Append("[1:a]").Append(string.Concat(sounds.Select(s => $"[sound{s.k}]")))
            .Append(sounds.Count == 0 ? "anull[a]" : $"amix=inputs={sounds.Count + 1}:duration=first:normalize=0[a]");
        return graph.ToString();
    }

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    private Task<string> RunFfmpegAsync(IReadOnlyList<string> arguments, string folder, CancellationToken cancellationToken) =>
        ExternalTool.RunAsync("ffmpeg", ["-hide_banner", "-nostdin", "-loglevel", "error", "-y", .. arguments], folder, _options.ToolTimeout, cancellationToken);
}
