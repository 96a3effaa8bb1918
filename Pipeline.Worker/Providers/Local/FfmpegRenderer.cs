using System.Globalization;
using Microsoft.Extensions.Options;
using VideoGen.Worker.Media;

namespace VideoGen.Worker.Providers.Local;

/// <summary>
/// Renders a 1280x720 30 fps H.264/AAC video of slides with the narration, as long as the narration, plus a
/// JPG thumbnail of the title card and WebVTT subtitles; the video is checked with ffprobe before it is handed on.
/// </summary>
public sealed class FfmpegRenderer(IOptions<LocalProviderOptions> options) : IRenderer
{
    private const int FramesPerSecond = 30;
    private static readonly TimeSpan DurationTolerance = TimeSpan.FromSeconds(0.5);

    private readonly LocalProviderOptions _options = options.Value;

    public string Settings =>
        $"ffmpeg-slides/1;{SlideFilter.Width}x{SlideFilter.Height}@{FramesPerSecond};preset={_options.VideoPreset};burn={_options.BurnSubtitles}";

    public async Task<RenderedVideo> RenderAsync(LessonScript script, Narration narration, DirectoryInfo workFolder, CancellationToken cancellationToken)
    {
        var folder = workFolder.FullName;
        var subtitles = Path.Combine(folder, "subtitles.vtt");
        await File.WriteAllTextAsync(subtitles, WebVtt.Format(WebVtt.CuesFor(narration)), cancellationToken);

        var filter = new SlideFilter(_options.FontFile, _options.BoldFontFile).Build(script, narration.Segments, folder);
        if (_options.BurnSubtitles)
        {
            filter += ",\nsubtitles=subtitles.vtt:force_style='FontName=DejaVu Sans,FontSize=20,Outline=1,MarginV=24'";
        }

        await File.WriteAllTextAsync(Path.Combine(folder, "slides.filter"), filter, cancellationToken);

        var seconds = narration.Duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        var video = Path.Combine(folder, "video.mp4");
        await RunFfmpegAsync(
            ["-f", "lavfi", "-i", $"color=c=0x0f172a:s={SlideFilter.Width}x{SlideFilter.Height}:r={FramesPerSecond}:d={seconds}",
             "-i", narration.WavPath,
             "-filter_script:v", "slides.filter",
             "-map", "0:v", "-map", "1:a",
             "-c:v", "libx264", "-preset", _options.VideoPreset, "-tune", "stillimage", "-pix_fmt", "yuv420p", "-r", $"{FramesPerSecond}",
             "-c:a", "aac", "-b:a", "128k", "-ar", "48000",
             "-t", seconds, "-movflags", "+faststart", video],
            folder, cancellationToken);

        var probe = await MediaProbe.ReadAsync(video, _options.ToolTimeout, cancellationToken);
        var problems = probe.FindProblems(SlideFilter.Width, SlideFilter.Height, FramesPerSecond, narration.Duration, DurationTolerance);
        if (problems.Count > 0)
        {
            throw StageException.Permanent($"ffmpeg made an unusable video: {string.Join("; ", problems)}");
        }

        var thumbnail = Path.Combine(folder, "thumbnail.jpg");
        var titleMiddle = (narration.Segments[0].Duration / 2).TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        await RunFfmpegAsync(["-ss", titleMiddle, "-i", video, "-frames:v", "1", "-vf", "scale=640:360", "-q:v", "3", thumbnail], folder, cancellationToken);

        return new RenderedVideo(video, thumbnail, subtitles, probe.Duration);
    }

    private Task<string> RunFfmpegAsync(IReadOnlyList<string> arguments, string folder, CancellationToken cancellationToken) =>
        ExternalTool.RunAsync("ffmpeg", ["-hide_banner", "-nostdin", "-loglevel", "error", "-y", .. arguments], folder, _options.ToolTimeout, cancellationToken);
}
