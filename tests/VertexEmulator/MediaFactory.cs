using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace VideoGen.VertexEmulator;

/// <summary>Real media for the answers: MP4 clips made once per length with ffmpeg (24 fps, with sound, as Veo's), and PCM speech.</summary>
public sealed class MediaFactory
{
    private readonly ConcurrentDictionary<int, Lazy<Task<byte[]>>> _videos = new();

    public Task<byte[]> VideoAsync(int seconds) =>
        _videos.GetOrAdd(seconds, s => new Lazy<Task<byte[]>>(() => MakeVideoAsync(s))).Value;

    /// <summary>Headerless 16-bit mono PCM at 24 kHz, about as long as the text takes to say: a quiet tone.</summary>
    public static byte[] Speech(string text)
    {
        const int rate = 24_000;
        var words = Math.Max(1, text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        var samples = (int)(rate * Math.Max(0.5, words / 2.5));
        var pcm = new byte[samples * 2];
        for (var i = 0; i < samples; i++)
        {
            var value = (short)(1500 * Math.Sin(2 * Math.PI * 220 * i / rate));
            pcm[2 * i] = (byte)value;
            pcm[2 * i + 1] = (byte)(value >> 8);
        }

        return pcm;
    }

    private static async Task<byte[]> MakeVideoAsync(int seconds)
    {
        var path = Path.Combine(Path.GetTempPath(), $"vertex-emulator-{Environment.ProcessId}-{seconds}s.mp4");
        var duration = seconds.ToString(CultureInfo.InvariantCulture);
        using var process = Process.Start(new ProcessStartInfo("ffmpeg",
        [
            "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", $"testsrc2=size=1280x720:rate=24:duration={duration}",
            "-f", "lavfi", "-i", $"sine=frequency=330:duration={duration}",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", path,
        ]) { RedirectStandardError = true })!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg could not make the emulated clip: {error}");
        }

        var bytes = await File.ReadAllBytesAsync(path);
        File.Delete(path);
        return bytes;
    }
}
