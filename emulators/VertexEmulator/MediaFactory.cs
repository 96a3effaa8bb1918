using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace VideoGen.VertexEmulator;

/// <summary>Real media for the answers: MP4 clips made once per length with ffmpeg (24 fps, with sound, as Veo's), and PCM speech.</summary>
public sealed class MediaFactory
{
    private readonly ConcurrentDictionary<(int, string), Lazy<Task<byte[]>>> _videos = new();

    /// <summary>A clip of the given length; a size other than Veo's 1280x720 is also heavily compressed, for load tests.</summary>
    public Task<byte[]> VideoAsync(int seconds, string size = FaultScript.VeoSize) =>
        _videos.GetOrAdd((seconds, size), key => new Lazy<Task<byte[]>>(() => MakeVideoAsync(key.Item1, key.Item2))).Value;

    /// <summary>A clip as Veo sometimes returns one: black picture and silence throughout.</summary>
    public Task<byte[]> BadVideoAsync(int seconds) =>
        _videos.GetOrAdd((seconds, "bad"), key => new Lazy<Task<byte[]>>(() => MakeVideoAsync(key.Item1, FaultScript.VeoSize, bad: true))).Value;

    /// <summary>Headerless 16-bit mono PCM, about as long as the text takes to say: a tone about as loud as speech. Made once per length.</summary>
    public static byte[] Speech(string text, int rate = DefaultSpeechRate)
    {
        var words = Math.Max(1, text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        var samples = (int)(rate * Math.Max(0.5, words / 2.5));
        return Tones.GetOrAdd((rate, samples), key => Tone(key.Rate, key.Samples));
    }

    public const int DefaultSpeechRate = 24_000;

    private static readonly ConcurrentDictionary<(int Rate, int Samples), byte[]> Tones = new();

    private static byte[] Tone(int rate, int samples)
    {
        var pcm = new byte[samples * 2];
        for (var i = 0; i < samples; i++)
        {
            var value = (short)(5000 * Math.Sin(2 * Math.PI * 220 * i / rate));
            pcm[2 * i] = (byte)value;
            pcm[2 * i + 1] = (byte)(value >> 8);
        }

        return pcm;
    }

    /// <summary>A camera shot as NeoVerse answers one: 81 frames of 560x336 at 16 fps, silent, the picture panned across.</summary>
    public static async Task<byte[]> CameraShotAsync(byte[] picture, string type)
    {
        using var folder = new ScratchFolder();
        var input = folder.Write(type.StartsWith("image/", StringComparison.Ordinal) ? "in.png" : "in.mp4", picture);
        var output = Path.Combine(folder.Path, "shot.mp4");
        string[] source = type.StartsWith("image/", StringComparison.Ordinal) ? ["-loop", "1", "-i", input] : ["-stream_loop", "-1", "-i", input];
        await RunFfmpegAsync([.. source, "-vf", "fps=16,scale=700:420:force_original_aspect_ratio=increase,crop=700:420,crop=560:336:x='140*n/80':y=42",
            "-frames:v", "81", "-an", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", output]);
        return await File.ReadAllBytesAsync(output);
    }

    /// <summary>A talking head as AvatarForcing answers one: the portrait at 512x512 and 25 fps with the speech muxed, as long as it (or half as long).</summary>
    public static async Task<byte[]> TalkingHeadAsync(byte[] portrait, byte[] wav, bool cutShort)
    {
        using var folder = new ScratchFolder();
        var image = folder.Write("portrait.png", portrait);
        var speech = folder.Write("speech.wav", wav);
        var output = Path.Combine(folder.Path, "head.mp4");
        var seconds = GpuJobState.WavSeconds(wav) / (cutShort ? 2 : 1);
        await RunFfmpegAsync(["-loop", "1", "-framerate", "25", "-i", image, "-i", speech, "-t", seconds.ToString("0.###", CultureInfo.InvariantCulture),
            "-vf", "scale=512:512,format=yuv420p", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", output]);
        return await File.ReadAllBytesAsync(output);
    }

    private static readonly ConcurrentDictionary<(int, int, string), Lazy<Task<byte[]>>> Pictures = new();

    /// <summary>A PNG picture of one colour with a white disc in the middle, made once per size and colour.</summary>
    public static Task<byte[]> PictureAsync(int width, int height, string color) =>
        Pictures.GetOrAdd((width, height, color), key => new Lazy<Task<byte[]>>(async () =>
        {
            using var folder = new ScratchFolder();
            var output = Path.Combine(folder.Path, "picture.png");
            var radius = height / 4;
            await RunFfmpegAsync(["-f", "lavfi", "-i", $"color=c={key.Item3}:s={key.Item1}x{key.Item2}", "-frames:v", "1",
                "-vf", $"geq=r='if(lt(hypot(X-W/2,Y-H/2),{radius}),255,r(X,Y))':g='if(lt(hypot(X-W/2,Y-H/2),{radius}),255,g(X,Y))':b='if(lt(hypot(X-W/2,Y-H/2),{radius}),255,b(X,Y))'",
                output]);
            return await File.ReadAllBytesAsync(output);
        })).Value;

    private static async Task<byte[]> MakeVideoAsync(int seconds, string size, bool bad = false)
    {
        // A name of its own: emulators side by side in one process (the tests' classes) make the same lengths at once.
        var path = Path.Combine(Path.GetTempPath(), $"vertex-emulator-{Guid.NewGuid():N}-{seconds}s-{size}{(bad ? "-bad" : "")}.mp4");
        string[] quality = size == FaultScript.VeoSize ? [] : ["-crf", "45", "-b:a", "16k"];
        var duration = seconds.ToString(CultureInfo.InvariantCulture);
        await RunFfmpegAsync(
        [
            "-f", "lavfi", "-i", bad ? $"color=c=black:size={size}:rate=24:duration={duration}" : $"testsrc2=size={size}:rate=24:duration={duration}",
            "-f", "lavfi", "-i", bad ? $"anullsrc=r=48000:cl=stereo:d={duration}" : $"sine=frequency=330:duration={duration}",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", .. quality, "-shortest", path,
        ]);
        var bytes = await File.ReadAllBytesAsync(path);
        File.Delete(path);
        return bytes;
    }

    private static async Task RunFfmpegAsync(IEnumerable<string> arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("ffmpeg", ["-hide_banner", "-nostdin", "-loglevel", "error", "-y", .. arguments]) { RedirectStandardError = true })!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg could not make the emulated media: {error}");
        }
    }

    private sealed class ScratchFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("vertex-emulator-").FullName;

        public string Write(string name, byte[] content)
        {
            var path = System.IO.Path.Combine(Path, name);
            File.WriteAllBytes(path, content);
            return path;
        }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
