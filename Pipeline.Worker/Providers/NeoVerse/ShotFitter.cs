using System.Globalization;
using Microsoft.Extensions.Options;
using VideoGen.Worker.Media;
using VideoGen.Worker.Providers.GpuJobs;
using VideoGen.Worker.Providers.Local;
using VideoGen.Worker.Slides;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Providers.NeoVerse;

/// <summary>
/// Fits a NeoVerse shot (about 5 s of 560x336 at 16 fps, silent) to the video's 1280x720 at 30 fps, never stretched: a
/// picture close to 16:9 is scaled to cover the frame and its edges cropped (560x336 loses 3 % top and bottom); any
/// other shape is shown whole over a blurred, darkened copy of itself. The shot is played forward then backward, so the
/// composition can loop it through a scene of any length. Whatever is not a whole, readable video is refused here, so
/// the scene falls back instead of breaking the render.
/// </summary>
public sealed class ShotFitter(IOptions<LocalProviderOptions> options)
{
    private const double MaxCropShare = 0.12;
    private static readonly TimeSpan MinShot = TimeSpan.FromSeconds(1);

    // NeoVerse answers about 5 s; a longer answer is cut here, which also bounds what reversing it holds in memory.
    private const int MaxShotSeconds = 8;

    public async Task FitAsync(string shot, string fitted, CancellationToken cancellationToken)
    {
        var probe = await ProbeAsync(shot, cancellationToken);
        if (probe.Video is not { Width: > 0, Height: > 0 } video)
        {
            throw new GpuJobFailedException("the NeoVerse output has no video stream");
        }

        if (video.PacketProblems().FirstOrDefault() is { } problem)
        {
            throw new GpuJobFailedException($"the NeoVerse output is damaged: {problem}");
        }

        if (probe.Duration < MinShot)
        {
            throw new GpuJobFailedException($"the NeoVerse output lasts only {probe.Duration.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture)} s");
        }

        var (width, height) = (SlideTheme.Width, SlideTheme.Height);
        var aspect = (double)video.Width.Value / video.Height.Value / ((double)width / height);
        var cover = $"scale={width}:{height}:force_original_aspect_ratio=increase,crop={width}:{height}";
        var fit = Math.Abs(aspect - 1) <= MaxCropShare
            ? $"{cover},setsar=1,fps=30,format=yuv420p"
            : $"split[a][b];[a]{cover},boxblur=24:2,eq=brightness=-0.12[fill];" +
              $"[b]scale={width}:{height}:force_original_aspect_ratio=decrease[shot];[fill][shot]overlay=(W-w)/2:(H-h)/2,setsar=1,fps=30,format=yuv420p";
        // Forward then backward: played in a loop the shot never jumps, so a scene longer than it keeps moving.
        var filter = $"[0:v]trim=duration={MaxShotSeconds},split[forward][back];[back]reverse[reversed];[forward][reversed]concat=n=2:v=1:a=0,{fit}";
        var partial = fitted + ".partial.mp4";
        try
        {
            await ExternalTool.RunAsync("ffmpeg",
                ["-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-xerror", "-i", shot, "-filter_complex", filter, "-an",
                 "-c:v", "libx264", "-preset", options.Value.VideoPreset, "-pix_fmt", "yuv420p", partial],
                Path.GetDirectoryName(fitted)!, options.Value.ToolTimeout, cancellationToken);
            File.Move(partial, fitted, overwrite: true);
        }
        catch (StageException ex) when (!ex.IsTransient)
        {
            throw new GpuJobFailedException($"the NeoVerse output cannot be decoded: {ex.Message}", ex);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    private async Task<MediaProbe> ProbeAsync(string shot, CancellationToken cancellationToken)
    {
        try
        {
            return await MediaProbe.ReadAsync(shot, options.Value.ToolTimeout, cancellationToken);
        }
        catch (StageException ex) when (!ex.IsTransient)
        {
            throw new GpuJobFailedException($"the NeoVerse output is not a video: {ex.Message}", ex);
        }
    }
}
