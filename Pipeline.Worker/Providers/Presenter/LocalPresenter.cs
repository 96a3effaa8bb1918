using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Options;
using SkiaSharp;
using VideoGen.Worker.Media;
using VideoGen.Worker.Providers.Local;
using VideoGen.Worker.Slides;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Providers.Presenter;

/// <summary>
/// <c>--presenter local</c>: the presenter drawn on the CPU with SkiaSharp, a frame for every frame of the video, its
/// mouth opening with the narration's loudness (<see cref="SpeechEnvelope"/>, <see cref="PresenterMotion"/>), and
/// encoded with ffmpeg from raw frames into the track the composition puts in the corner.
/// </summary>
public sealed class LocalPresenter(IOptions<PresenterOptions> options, IOptions<LocalProviderOptions> local) : IPresenter
{
    public const int FramesPerSecond = 30;

    private readonly Lazy<PresenterPainter> _painter = new(() => PresenterPainter.Load(options.Value.Portrait));

    public int MaxWaitingLessons => 0;

    // Read once: the settings are asked for every lesson of a catalog when it is planned.
    private readonly Lazy<string> _portraitVersion = new(() =>
        string.IsNullOrWhiteSpace(options.Value.Portrait)
            ? "drawn"
            : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(options.Value.Portrait)))[..16]);

    /// <summary>The portrait as part of a lesson's settings: a new picture at the same path makes the videos again.</summary>
    public string PortraitVersion => _portraitVersion.Value;

    public string Settings => $"local-presenter/1;portrait={PortraitVersion}";

    /// <summary>The portrait as AvatarForcing is given it.</summary>
    public byte[] PortraitPng() => _painter.Value.PortraitPng();

    public async Task<PresenterTrack?> MakeAsync(LessonVersion lesson, Narration narration, DirectoryInfo workFolder, CancellationToken cancellationToken)
    {
        var poses = PresenterMotion.Poses(SpeechEnvelope.Read(narration.WavPath, FramesPerSecond), FramesPerSecond);
        var frames = Math.Max(1, (int)Math.Ceiling(narration.Duration.TotalSeconds * FramesPerSecond));
        var size = SlideTheme.PresenterSize;
        var path = Path.Combine(workFolder.FullName, "presenter.mp4");
        await ExternalTool.RunAsync("ffmpeg",
            ["-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgba", "-s", $"{size}x{size}",
             "-r", FramesPerSecond.ToString(CultureInfo.InvariantCulture), "-i", "pipe:0",
             "-c:v", "libx264", "-preset", local.Value.VideoPreset, "-tune", "animation", "-pix_fmt", "yuv420p", path],
            workFolder.FullName, local.Value.ToolTimeout, cancellationToken,
            async (stdin, ct) =>
            {
                using var surface = SKSurface.Create(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul));
                var pixels = new byte[size * size * 4];
                var handle = GCHandle.Alloc(pixels, GCHandleType.Pinned);
                try
                {
                    for (var i = 0; i < frames; i++)
                    {
                        _painter.Value.Draw(surface.Canvas, size, i < poses.Length ? poses[i] : default);
                        surface.ReadPixels(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul), handle.AddrOfPinnedObject(), size * 4, 0, 0);
                        await stdin.WriteAsync(pixels, ct);
                    }
                }
                finally
                {
                    handle.Free();
                }
            });
        return new PresenterTrack(path);
    }
}
