using System.Text.Json;
using System.Text.Json.Serialization;

namespace VideoGen.Worker.Media;

/// <summary>What ffprobe reads from a media file, with every packet counted so a truncated file shows.</summary>
public sealed record MediaProbe(IReadOnlyList<MediaStreamInfo> Streams, TimeSpan Duration)
{
    public MediaStreamInfo? Video => Streams.FirstOrDefault(s => s.CodecType == "video");

    public MediaStreamInfo? Audio => Streams.FirstOrDefault(s => s.CodecType == "audio");

    public static async Task<MediaProbe> ReadAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var json = await ExternalTool.RunAsync(
            "ffprobe",
            ["-v", "error", "-count_packets",
             "-show_entries", "stream=codec_type,codec_name,width,height,avg_frame_rate,r_frame_rate,nb_read_packets,nb_frames,duration:format=duration",
             "-of", "json", path],
            Path.GetDirectoryName(Path.GetFullPath(path))!,
            timeout,
            cancellationToken);
        var output = JsonSerializer.Deserialize<FfprobeOutput>(json) ?? new FfprobeOutput([], null);
        var seconds = double.TryParse(output.Format?.Duration, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : 0;
        return new MediaProbe(output.Streams ?? [], TimeSpan.FromSeconds(seconds));
    }

    /// <summary>Problems that make the file unfit to publish, empty when it is fine.</summary>
    public IReadOnlyList<string> FindProblems(int width, int height, int framesPerSecond, TimeSpan expectedDuration, TimeSpan tolerance)
    {
        var problems = new List<string>();
        if (Video is not { } video)
        {
            problems.Add("no video stream");
        }
        else
        {
            if (video.CodecName != "h264") problems.Add($"video codec is {video.CodecName}, not h264");
            if (video.Width != width || video.Height != height) problems.Add($"video is {video.Width}x{video.Height}, not {width}x{height}");
            // A still picture's frame lasts until the next, so the average may be lower; the frames' grid may not be finer.
            if (video.RealFrameRate != $"{framesPerSecond}/1" || !(video.AverageFramesPerSecond is > 0 and var average && average <= framesPerSecond + 0.01))
            {
                problems.Add($"frame rate is {video.RealFrameRate} (average {video.AverageFrameRate}), not {framesPerSecond}");
            }

            problems.AddRange(video.PacketProblems());
        }

        if (Audio is not { } audio)
        {
            problems.Add("no audio stream");
        }
        else
        {
            if (audio.CodecName != "aac") problems.Add($"audio codec is {audio.CodecName}, not aac");
            problems.AddRange(audio.PacketProblems());
        }

        if ((Duration - expectedDuration).Duration() > tolerance)
        {
            problems.Add($"duration is {Duration.TotalSeconds:0.00} s, expected {expectedDuration.TotalSeconds:0.00} s");
        }

        return problems;
    }

    private sealed record FfprobeOutput(
        [property: JsonPropertyName("streams")] List<MediaStreamInfo>? Streams,
        [property: JsonPropertyName("format")] FfprobeFormat? Format);

    private sealed record FfprobeFormat([property: JsonPropertyName("duration")] string? Duration);
}

public sealed record MediaStreamInfo(
    [property: JsonPropertyName("codec_type")] string? CodecType,
    [property: JsonPropertyName("codec_name")] string? CodecName,
    [property: JsonPropertyName("width")] int? Width,
    [property: JsonPropertyName("height")] int? Height,
    [property: JsonPropertyName("avg_frame_rate")] string? AverageFrameRate,
    [property: JsonPropertyName("nb_read_packets")] string? ReadPackets,
    [property: JsonPropertyName("nb_frames")] string? Frames,
    [property: JsonPropertyName("duration")] string? DurationSeconds = null,
    [property: JsonPropertyName("r_frame_rate")] string? RealFrameRate = null)
{
    /// <summary>The average frame rate as a number (frames over the stream's length), or null where ffprobe gives none.</summary>
    public double? AverageFramesPerSecond =>
        AverageFrameRate?.Split('/') is [var n, var d] && double.TryParse(n, System.Globalization.CultureInfo.InvariantCulture, out var frames) &&
        double.TryParse(d, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0 ? frames / seconds : null;

    /// <summary>The stream's own length, where the container says.</summary>
    public TimeSpan? Duration =>
        double.TryParse(DurationSeconds, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds) : null;

    public IEnumerable<string> PacketProblems()
    {
        var read = long.TryParse(ReadPackets, out var r) ? r : 0;
        if (read == 0)
        {
            yield return $"{CodecType} stream has no packets";
        }
        else if (long.TryParse(Frames, out var frames) && read < frames)
        {
            yield return $"{CodecType} stream is truncated ({read} of {frames} packets readable)";
        }
    }
}
