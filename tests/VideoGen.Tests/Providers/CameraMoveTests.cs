using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using VideoGen.Worker.Composition;
using VideoGen.Tests.Support;
using VideoGen.Worker.CommandLine;
using VideoGen.Worker.Providers.Local;
using VideoGen.Worker.Slides;
using VideoGen.Worker.Stages;

namespace VideoGen.Tests.Providers;

/// <summary>
/// The offline camera, looked at frame by frame: every scene's picture moves for a moment, then holds still and sharp
/// (as with the camera off), and at its closest the text is still inside the frame and readable.
/// </summary>
public sealed partial class CameraMoveTests : IAsyncLifetime, IDisposable
{
    private static readonly LessonScript Script = new("Camera moves", "Tests",
    [
        new Scene("Variables hold values. A name points at a value in memory. Names can be reused later.", "Variables hold values\nNames point at memory", ""),
        new Scene("Functions group steps. A function takes inputs and gives back a result. Call it by its name.", "Functions group steps\nCall them by name", ""),
        new Scene("Loops repeat work. The for loop walks over a list. The while loop waits for a condition.", "Loops repeat work\nFor walks over a list", ""),
    ]);

    private readonly TempFolder _folder = new();
    private Narration _narration = null!;
    private string _moving = "";
    private string _still = "";

    public async Task InitializeAsync()
    {
        var options = Options.Create(new LocalProviderOptions { VideoPreset = "ultrafast" });
        var narration = Directory.CreateDirectory(Path.Combine(_folder.Path, "narration"));
        _narration = await new EspeakNarrator(options, new EspeakVoices(options)).NarrateAsync(Script, narration, CancellationToken.None);
        _moving = await RenderAsync(options, WorkerOptions.CameraLocal);
        _still = await RenderAsync(options, WorkerOptions.CameraOff);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _folder.Dispose();

    private async Task<string> RenderAsync(IOptions<LocalProviderOptions> options, string camera)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder.Path, camera));
        var composer = new SlideVideoComposer(options, Options.Create(new WorkerOptions { Camera = camera }), options.Value.Painter());
        var video = await Renderers.Slides(composer, options).RenderAsync(Script, _narration, LessonFootage.None, folder, CancellationToken.None);
        return video.VideoPath;
    }

    /// <summary>Each segment's move, its window, and where the picture is still again.</summary>
    private IEnumerable<(int Segment, CameraMove Move, double From, double To, double Still)> Moves()
    {
        string[] texts = [Script.Title, .. Script.Scenes.Select(s => s.Narration)];
        for (var i = 0; i < _narration.Segments.Count; i++)
        {
            var start = _narration.Segments[i].Start.TotalSeconds;
            var end = i + 1 < _narration.Segments.Count ? _narration.Segments[i + 1].Start.TotalSeconds : _narration.Duration.TotalSeconds;
            var move = CameraMoves.For(i, texts[i]);
            var (from, to) = CameraMoves.Window(move, start, end);
            yield return (i, move, from, to, move == CameraMove.PushIn ? (start + from) / 2 : (to + end) / 2);
        }
    }

    [Fact]
    public async Task Every_scene_moves_for_a_moment_then_holds_as_still_as_with_the_camera_off()
    {
        foreach (var (segment, move, from, to, still) in Moves())
        {
            var during = await Frames.PsnrAsync(_moving, from + 0.1, _moving, to - 0.1);
            var held = await Frames.PsnrAsync(_moving, still, _still, still);

            Assert.True(during < 32, $"segment {segment} ({move}) barely moves: {during:0.0} dB between {from + 0.1:0.00} s and {to - 0.1:0.00} s");
            Assert.True(held > 40, $"segment {segment} ({move}) is not still and sharp at {still:0.00} s: {held:0.0} dB against the still camera");
        }
    }

    [Fact]
    public async Task At_its_closest_the_text_stays_inside_the_frame_and_readable()
    {
        foreach (var (segment, move, from, to, _) in Moves().Where(m => m.Segment > 0))
        {
            var closest = move == CameraMove.PushIn ? to - 0.1 : from + 0.02;
            var frame = Path.Combine(_folder.Path, $"closest-{segment}.png");
            await Tool.RunAsync("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-ss", Seconds(closest), "-i", _moving, "-frames:v", "1", frame);

            var luma = await LumaAsync(frame);
            var edge = EdgeInk(luma, band: 24);
            Assert.True(edge == 0, $"segment {segment} ({move}): {edge} bright pixels within 24 px of the frame's edge at {closest:0.00} s");
            var expected = Script.Scenes[segment - 1].OnScreenText.Replace("\n", "", StringComparison.Ordinal);
            var read = await Ocr.ReadAsync(frame, "eng");
            Assert.True(Ocr.LettersFound(expected, read) >= 0.8, $"segment {segment} ({move}) at its closest reads '{read}'");
        }
    }

    private static async Task<byte[]> LumaAsync(string image)
    {
        var raw = Path.ChangeExtension(image, ".gray");
        await Tool.RunAsync("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", image, "-vf", "format=gray", "-f", "rawvideo", raw);
        var luma = await File.ReadAllBytesAsync(raw);
        Assert.Equal(SlideTheme.Width * SlideTheme.Height, luma.Length);
        return luma;
    }

    /// <summary>Pixels as bright as text within <paramref name="band"/> pixels of any edge (the slides' background is dark).</summary>
    private static int EdgeInk(byte[] luma, int band)
    {
        var count = 0;
        for (var y = 0; y < SlideTheme.Height; y++)
        {
            for (var x = 0; x < SlideTheme.Width; x++)
            {
                var nearEdge = x < band || y < band || x >= SlideTheme.Width - band || y >= SlideTheme.Height - band;
                if (nearEdge && luma[(y * SlideTheme.Width) + x] > 170)
                {
                    count++;
                }
            }
        }

        return count;
    }

    private static string Seconds(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
