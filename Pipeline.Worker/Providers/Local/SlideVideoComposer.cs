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
            // A shot plays forward and back: looped, it moves for as long as its scene lasts.
            inputs.AddRange(clip.IsShot ? ["-stream_loop", "-1", "-i", clip.Path] : ["-i", clip.Path]);
        }

        if (presenter is not null)
        {
            // The mask is one picture, repeated for as long as the video lasts.
            inputs.AddRange(["-i", presenter.VideoPath, "-loop", "1", "-framerate", $"{FramesPerSecond}", "-t", Seconds(narration.Duration), "-i", "presenter-mask.png"]);
        }

        if (TitleMove(narration) is not null)
        {
            inputs.AddRange(["-f", "concat", "-safe", "0", "-i", "title-text.ffconcat"]);
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
    /// shows in an ffconcat file, the video's first input. With the camera moving, the title card is also painted as two
    /// layers for the parallax of its move: its background in that list while the move lasts, its text in a list of its
    /// own; then the whole title card.
    /// </summary>
    private void WriteSlides(LessonScript script, Narration narration, IReadOnlyList<ClipPlacement> clips, string folder)
    {
        var list = new StringBuilder("ffconcat version 1.0\n");
        var segments = narration.Segments;
        for (var i = 0; i < segments.Count; i++)
        {
            var file = i == 0 ? "title.png" : clips.Any(c => c.Segment == i) ? "background.png" : $"scene{i}.png";
            var path = Path.Combine(folder, file);
            var start = segments[i].Start;
            if (i == 0)
            {
                painter.PaintTitleCard(script, path);
                if (TitleMove(narration) is { } move)
                {
                    painter.PaintTitleCard(script, Path.Combine(folder, "title-back.png"), Path.Combine(folder, "title-text.png"));
                    Append(list, "title-back.png", move, last: false);
                    var text = new StringBuilder("ffconcat version 1.0\n");
                    Append(text, "title-text.png", move, last: true);
                    File.WriteAllText(Path.Combine(folder, "title-text.ffconcat"), text.ToString());
                    start = move;
                }
            }
            else if (file == "background.png")
            {
                SlidePainter.PaintBackground(path);
            }
            else
            {
                painter.PaintScene(script, i, path);
            }

            var end = i + 1 < segments.Count ? segments[i + 1].Start : narration.Duration;
            Append(list, file, end - start, last: i == segments.Count - 1);
        }

        File.WriteAllText(Path.Combine(folder, "slides.ffconcat"), list.ToString());

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

    /// <summary>How long the title card's camera move lasts (it starts the video), or null without one.</summary>
    private TimeSpan? TitleMove(Narration narration)
    {
        var end = narration.Segments.Count > 1 ? narration.Segments[1].Start : narration.Duration;
        return _camera && end.TotalSeconds >= 0.5
            ? TimeSpan.FromSeconds(CameraMoves.Window(CameraMoves.For(0, ""), 0, end.TotalSeconds).To)
            : null;
    }

    private string FilterGraph(LessonScript script, Narration narration, IReadOnlyList<ClipPlacement> clips, bool presenter)
    {
        var graph = new StringBuilder();
        // Converted to the video's pixel format once per slide, before fps repeats each slide into a frame per 1/30 s.
        graph.Append(CultureInfo.InvariantCulture, $"[0:v]format=yuv420p,fps={FramesPerSecond},setsar=1[slides];\n");
        string[] texts = [script.Title, .. script.Scenes.Select(s => s.Narration)];
        var video = "slides";
        if (TitleMove(narration) is { } titleMove)
        {
            // While the title card's camera move lasts, its text alone moves over its background, whose rings stay: the
            // slight parallax of a nearer layer. Scene slides, their background one colour, move as one picture: layers
            // there would show no depth and cost a fifth more render time.
            var title = clips.Count + 2 + (presenter ? 2 : 0);
            var move = CameraMoves.Filters(narration, texts, FramesPerSecond, segment => segment == 0);
            graph.Append(CultureInfo.InvariantCulture,
                $"[{title}:v]format=yuva420p,fps={FramesPerSecond},setsar=1,{move}[titletext];\n" +
                $"[slides][titletext]overlay=eof_action=pass:enable='lt(t,{Seconds(titleMove)})'[titled];\n");
            video = "titled";
        }


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
        // the presenter stay still over it.
        bool IsShot(int segment) => clips.Any(c => c.Segment == segment && c.IsShot);
        var moves = _camera ? CameraMoves.Filters(narration, texts, FramesPerSecond, segment => segment > 0 && !IsShot(segment)) : "";
        var camera = moves.Length > 0 ? moves + "," : "";
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
