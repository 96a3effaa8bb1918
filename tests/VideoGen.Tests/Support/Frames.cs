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

    private static string Seconds(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
