using System.Globalization;
using System.Text.RegularExpressions;

namespace VideoGen.Tests.Support;

/// <summary>Frames of videos compared as a viewer would see them differ.</summary>
public static partial class Frames
{
    [GeneratedRegex(@"average:(?<value>[\d.]+|inf)")]
    private static partial Regex AveragePsnr();

    /// <summary>The PSNR in dB of one video's frame at one time against another's (or the same one's) at another: above about 40, the same picture.</summary>
    public static async Task<double> PsnrAsync(string first, double firstAt, string second, double secondAt)
    {
        var (_, log) = await Tool.RunAsync("ffmpeg", "-hide_banner", "-ss", Seconds(firstAt), "-i", first, "-ss", Seconds(secondAt), "-i", second,
            "-frames:v", "1", "-lavfi", "psnr", "-f", "null", "-");
        var value = AveragePsnr().Match(log).Groups["value"].Value;
        return value == "inf" ? double.PositiveInfinity : double.Parse(value, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The PSNR in dB of every frame of one video against the other's at the same time, both seen at
    /// <paramref name="framesPerSecond"/> (a frame that lasts longer is seen again at each step, as a player shows it).
    /// </summary>
    public static async Task<IReadOnlyList<double>> PsnrOfEveryFrameAsync(string first, string second, int framesPerSecond)
    {
        var stats = Path.Combine(Path.GetTempPath(), $"videogen-psnr-{Guid.NewGuid():N}.log");
        try
        {
            await Tool.RunAsync("ffmpeg", "-hide_banner", "-loglevel", "error", "-i", first, "-i", second,
                "-lavfi", $"[0:v]fps={framesPerSecond}[a];[1:v]fps={framesPerSecond}[b];[a][b]psnr=stats_file={stats}", "-f", "null", "-");
            return [.. (await File.ReadAllLinesAsync(stats)).Select(line => FramePsnr().Match(line).Groups["value"].Value)
                .Select(value => value == "inf" ? double.PositiveInfinity : double.Parse(value, CultureInfo.InvariantCulture))];
        }
        finally
        {
            File.Delete(stats);
        }
    }

    /// <summary>The picture a player shows at <paramref name="at"/> seconds (the last frame that starts by then), scaled, as RGB bytes.</summary>
    /// <param name="scale">More options of the scale filter, such as the colour matrix to read the video with.</param>
    public static async Task<byte[]> SmallRgbAsync(string video, double at, int width, int height, string scale = "")
    {
        var start = new System.Diagnostics.ProcessStartInfo("ffmpeg",
            ["-v", "error", "-i", video, "-an", "-vf", $"trim=end={Seconds(at + 0.0005)},scale={width}:{height}{scale}", "-pix_fmt", "rgb24", "-f", "rawvideo", "-"])
        {
            RedirectStandardOutput = true,
        };
        using var process = System.Diagnostics.Process.Start(start)!;
        using var pixels = new MemoryStream();
        await process.StandardOutput.BaseStream.CopyToAsync(pixels);
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        var frame = width * height * 3;
        Assert.True(pixels.Length >= frame, $"no frame of {video} by {at:0.00} s");
        return pixels.ToArray()[^frame..];
    }

    [GeneratedRegex(@"psnr_avg:(?<value>[\d.]+|inf)")]
    private static partial Regex FramePsnr();

    private static string Seconds(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);
}
