using Microsoft.Extensions.Options;
using VideoGen.Worker.CommandLine;
using VideoGen.Worker.Media;
using VideoGen.Worker.Providers.Local;
using VideoGen.Worker.Slides;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Composition;

/// <summary>
/// Makes the lesson video with ffmpeg: a 1280x720 H.264/AAC MP4 on a 30 fps timeline as long as the narration, with a
/// title card and one slide per scene (each shown from the start of its part of the narration to the start of the
/// next), or a clip in place of a slide where one is given (scaled, its own sound ducked under the narration). Only the
/// frames where something moves are encoded one by one (see <see cref="FrameSchedule"/>), unless a constant frame rate
/// is asked for. Also writes WebVTT subtitles and a JPG thumbnail, and checks the video with ffprobe before handing it on.
/// </summary>
public sealed class SlideVideoComposer(IOptions<LocalProviderOptions> options, IOptions<WorkerOptions> worker, SlidePainter painter)
{
    private static readonly TimeSpan DurationTolerance = TimeSpan.FromSeconds(0.5);

    private readonly LocalProviderOptions _options = options.Value;
    private readonly bool _camera = worker.Value.Camera != WorkerOptions.CameraOff;
    private readonly string _presenter = worker.Value.Presenter;

    // Which frames are encoded changes nothing a viewer sees, so it is not part of the settings: a catalog made before is
    // not made (and its script and narration paid for) again.
    public string Settings =>
        $"skia-slides/2;{SlideTheme.Width}x{SlideTheme.Height}@{CompositionPlan.FramesPerSecond};preset={_options.VideoPreset};burn={_options.BurnSubtitles}" +
        (_camera ? ";camera=local/1" : "") + (_presenter == WorkerOptions.PresenterOff ? "" : $";presenter={_presenter}/1");

    public async Task<RenderedVideo> ComposeAsync(
        LessonScript script, Narration narration, IReadOnlyList<ClipPlacement> clips, PresenterTrack? presenter, DirectoryInfo workFolder,
        CancellationToken cancellationToken, AssetPictures? pictures = null)
    {
        var folder = workFolder.FullName;
        var plan = new CompositionPlan(script, narration, clips, presenter is not null, _camera, _options.BurnSubtitles, _options.ConstantFrameRate);
        var subtitles = Path.Combine(folder, "subtitles.vtt");
        await File.WriteAllTextAsync(subtitles, WebVtt.Format(WebVtt.CuesFor(narration)), cancellationToken);

        SlideList.Write(painter, plan, folder, pictures ?? AssetPictures.None);
        if (presenter is not null)
        {
            PresenterMask.Paint(Path.Combine(folder, "presenter-mask.png"));
        }

        await File.WriteAllTextAsync(Path.Combine(folder, "video.filter"), FilterGraph.Build(plan), cancellationToken);
        var drawn = plan.DrawnMoves();
        if (drawn.Count > 0)
        {
            await RunFfmpegAsync(DrawnMoveFrames.ConversionArguments(drawn), folder, cancellationToken);
        }

        var video = Path.Combine(folder, "video.mp4");
        await RunFfmpegAsync([.. Inputs(plan, presenter), .. Encoding(plan), video], folder, cancellationToken,
            drawn.Count == 0 ? null : (stream, token) => DrawnMoveFrames.WriteAsync(drawn, folder, stream, token));

        var probe = await MediaProbe.ReadAsync(video, _options.ToolTimeout, cancellationToken);
        var problems = probe.FindProblems(SlideTheme.Width, SlideTheme.Height, CompositionPlan.FramesPerSecond, narration.Duration, DurationTolerance);
        if (problems.Count > 0)
        {
            throw StageException.Permanent($"ffmpeg made an unusable video: {string.Join("; ", problems)}");
        }

        var thumbnail = Path.Combine(folder, "thumbnail.jpg");
        Thumbnail.FromPicture(Path.Combine(folder, SlideList.TitleCard), thumbnail);
        return new RenderedVideo(video, thumbnail, subtitles);
    }

    private static List<string> Inputs(CompositionPlan plan, PresenterTrack? presenter)
    {
        var inputs = new List<string> { "-f", "concat", "-safe", "0", "-i", SlideList.FileName, "-i", plan.Narration.WavPath };
        foreach (var clip in plan.Clips)
        {
            // A shot plays forward and back: looped, it moves for as long as its scene lasts.
            inputs.AddRange(clip.IsShot ? ["-stream_loop", "-1", "-i", clip.Path] : ["-i", clip.Path]);
        }

        if (presenter is not null)
        {
            // The mask is one picture, repeated for as long as the video lasts.
            inputs.AddRange(["-i", presenter.VideoPath, "-loop", "1", "-framerate", $"{CompositionPlan.FramesPerSecond}",
                "-t", FilterGraph.Seconds(plan.Narration.Duration), "-i", "presenter-mask.png"]);
        }

        if (plan.DrawnMoves().Count > 0)
        {
            inputs.AddRange(DrawnMoveFrames.Input);
        }

        return inputs;
    }

    private List<string> Encoding(CompositionPlan plan)
    {
        List<string> encoding =
        [
            "-filter_complex_script", "video.filter", "-map", "[v]", "-map", "[a]",
            "-c:v", "libx264", "-preset", _options.VideoPreset, "-tune", "stillimage", "-pix_fmt", "yuv420p",
        ];
        if (plan.Schedule().IsEveryFrame)
        {
            encoding.AddRange(["-r", $"{CompositionPlan.FramesPerSecond}"]);
        }
        else
        {
            // Each frame keeps its own time and lasts until the next. Without B-frames every frame is decoded in the order
            // it is shown, so the track lasts to the last frame's end; a key frame where each scene starts makes seeking
            // to a scene cheap.
            var sceneStarts = string.Join(',', plan.Narration.Segments.Select(s => FilterGraph.Seconds(s.Start)));
            encoding.AddRange(["-fps_mode", "vfr", "-bf", "0", "-force_key_frames", sceneStarts]);
        }

        // The fast AAC coder takes half the time of the default one, and is as close to the narration (by SNR) or closer.
        // The limit is the narration's length exactly: the sound's last packet then ends inside the file's edit list.
        encoding.AddRange(["-c:a", "aac", "-aac_coder", "fast", "-b:a", "128k", "-ar", "48000", "-t", FilterGraph.Seconds(plan.Narration.Duration), "-movflags", "+faststart"]);
        return encoding;
    }

    private Task<string> RunFfmpegAsync(
        IReadOnlyList<string> arguments, string folder, CancellationToken cancellationToken, Func<Stream, CancellationToken, Task>? input = null) =>
        ExternalTool.RunAsync("ffmpeg", ["-hide_banner", .. input is null ? new[] { "-nostdin" } : [], "-loglevel", "error", "-y", .. arguments],
            folder, _options.ToolTimeout, cancellationToken, input);
}
