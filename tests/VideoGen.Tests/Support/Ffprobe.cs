using System.Diagnostics;
using System.Text.Json;

namespace VideoGen.Tests.Support;

/// <summary>ffprobe called directly, independent of the worker's own checks.</summary>
public static class Ffprobe
{
    public static async Task<JsonElement> ProbeAsync(string path)
    {
        var start = new ProcessStartInfo("ffprobe",
            ["-v", "error", "-count_packets", "-show_entries",
             "stream=codec_type,codec_name,width,height,avg_frame_rate,r_frame_rate,nb_read_packets,nb_frames:format=duration", "-of", "json", path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var json = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"ffprobe failed on {path}: {await process.StandardError.ReadToEndAsync()}");
        return JsonDocument.Parse(json).RootElement;
    }

    /// <summary>Asserts a complete 1280x720 H.264 + AAC file on a 30 fps timeline: every packet readable, none missing.</summary>
    /// <returns>The video's duration in seconds.</returns>
    public static async Task<double> AssertPlayableLessonVideoAsync(string path)
    {
        var probe = await ProbeAsync(path);
        var streams = probe.GetProperty("streams").EnumerateArray().ToList();
        var video = streams.Single(s => s.GetProperty("codec_type").GetString() == "video");
        var audio = streams.Single(s => s.GetProperty("codec_type").GetString() == "audio");

        Assert.Equal("h264", video.GetProperty("codec_name").GetString());
        Assert.Equal(1280, video.GetProperty("width").GetInt32());
        Assert.Equal(720, video.GetProperty("height").GetInt32());
        // Frames on a 30 fps grid; a still picture's frame lasts until the next, so on average there may be fewer.
        Assert.Equal("30/1", video.GetProperty("r_frame_rate").GetString());
        var average = video.GetProperty("avg_frame_rate").GetString()!.Split('/').Select(double.Parse).ToArray();
        Assert.InRange(average[0] / average[1], 0.5, 30.01);
        Assert.Equal("aac", audio.GetProperty("codec_name").GetString());
        foreach (var stream in new[] { video, audio })
        {
            var read = long.Parse(stream.GetProperty("nb_read_packets").GetString()!);
            var frames = long.Parse(stream.GetProperty("nb_frames").GetString()!);
            Assert.True(read > 0 && read == frames, $"{path}: {read} packets readable of {frames}");
        }

        var duration = double.Parse(probe.GetProperty("format").GetProperty("duration").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(duration, 1, 600);
        return duration;
    }
}
