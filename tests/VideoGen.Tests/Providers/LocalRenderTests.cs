using System.Diagnostics;
using Microsoft.Extensions.Options;
using VideoGen.Worker.Composition;
using VideoGen.Tests.Support;
using VideoGen.Worker.CommandLine;
using VideoGen.Worker.Stages;
using VideoGen.Worker.Providers.Local;
using VideoGen.Worker.Slides;

namespace VideoGen.Tests.Providers;

/// <summary>espeak-ng and ffmpeg for real: narration timing, the video, and subtitles drawn into the picture.</summary>
public sealed class LocalRenderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static readonly LessonScript Script = new("Burned subtitles", "Tests",
    [
        new Scene("The first scene has a sentence. It has a second one too.", "The first scene has a sentence.", ""),
        new Scene("The second scene is short.", "The second scene is short.", ""),
    ]);

    private async Task<(RenderedVideo Video, Narration Narration)> RenderAsync(bool burn)
    {
        var options = Options.Create(new LocalProviderOptions { BurnSubtitles = burn });
        var folder = Directory.CreateDirectory(Path.Combine(_folder.Path, burn ? "burned" : "plain"));
        var narration = await new EspeakNarrator(options, new EspeakVoices(options)).NarrateAsync(Script, folder, CancellationToken.None);
        var video = await Renderers.Slides(new SlideVideoComposer(options, Options.Create(new WorkerOptions()), options.Value.Painter()), options).RenderAsync(Script, narration, LessonFootage.None, folder, CancellationToken.None);
        return (video, narration);
    }

    [Fact]
    public async Task Narration_has_a_segment_per_part_and_the_video_lasts_as_long()
    {
        var (video, narration) = await RenderAsync(burn: false);

        Assert.Equal(3, narration.Segments.Count);
        Assert.Equal(TimeSpan.Zero, narration.Segments[0].Start);
        Assert.Equal(narration.Segments[1].Start, narration.Segments[0].End);
        Assert.InRange((narration.Duration - narration.Segments[^1].End).Duration().TotalMilliseconds, 0, 1);
        var seconds = await Ffprobe.AssertPlayableLessonVideoAsync(video.VideoPath);
        Assert.InRange(seconds, narration.Duration.TotalSeconds - 0.2, narration.Duration.TotalSeconds + 0.2);
    }

    [Fact]
    public async Task Burned_subtitles_change_the_bottom_of_the_picture_only_when_asked()
    {
        var plain = await RenderAsync(burn: false);
        var burned = await RenderAsync(burn: true);
        await Ffprobe.AssertPlayableLessonVideoAsync(burned.Video.VideoPath);

        var during = burned.Narration.Segments[1].Start.TotalSeconds + 0.5;
        var plainStrip = await BottomStripAsync(plain.Video.VideoPath, during);
        var burnedStrip = await BottomStripAsync(burned.Video.VideoPath, during);

        Assert.NotEqual(plainStrip, burnedStrip);
    }

    private static async Task<string> BottomStripAsync(string video, double seconds)
    {
        var start = new ProcessStartInfo("ffmpeg",
            ["-v", "error", "-ss", seconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture), "-i", video,
             "-frames:v", "1", "-vf", "crop=iw:120:0:ih-120", "-f", "rawvideo", "-pix_fmt", "gray", "-"])
        {
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        using var pixels = new MemoryStream();
        await process.StandardOutput.BaseStream.CopyToAsync(pixels);
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        Assert.Equal(1280 * 120, pixels.Length);
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(pixels.ToArray()));
    }
}
