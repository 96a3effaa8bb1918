using Microsoft.Extensions.Options;
using SkiaSharp;
using VideoGen.Worker.Composition;
using VideoGen.Tests.Support;
using VideoGen.Worker.CommandLine;
using VideoGen.Worker.Media;
using VideoGen.Worker.Providers.AvatarForcing;
using VideoGen.Worker.Providers.Local;
using VideoGen.Worker.Providers.Presenter;
using VideoGen.Worker.Slides;
using VideoGen.Worker.Stages;

namespace VideoGen.Tests.Providers;

/// <summary>
/// The presenter as a viewer sees it: drawn in the corner the slides leave free, moving while the narration speaks and
/// still while it is silent; and the narration cut into chunks AvatarForcing can take.
/// </summary>
public sealed class PresenterTests : IDisposable
{
    private const int Rate = 16_000;
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>Speech-like sound (a tone pulsing four times a second) where <paramref name="speaking"/> says, silence elsewhere.</summary>
    private string Wav(double seconds, Func<double, bool> speaking)
    {
        var data = new byte[(int)(seconds * Rate) * 2];
        for (var i = 0; i < data.Length / 2; i++)
        {
            var t = i / (double)Rate;
            var value = speaking(t) ? 9000 * Math.Abs(Math.Sin(Math.PI * 4 * t)) * Math.Sin(2 * Math.PI * 180 * t) : 0;
            BitConverter.TryWriteBytes(data.AsSpan(2 * i), (short)value);
        }

        var path = Path.Combine(_folder.Path, $"speech-{seconds}.wav");
        new WavFile(1, Rate, 16, data).Write(path);
        return path;
    }

    [Fact]
    public async Task The_local_presenter_moves_while_speech_plays_and_stays_still_in_silence()
    {
        var wav = Wav(6, t => t < 2.5 || t >= 5);
        var narration = new Narration(wav, [new NarrationSegment("Hello.", TimeSpan.Zero, TimeSpan.FromSeconds(6))], TimeSpan.FromSeconds(6));
        var presenter = new LocalPresenter(Options.Create(new PresenterOptions()), Options.Create(new LocalProviderOptions { VideoPreset = "ultrafast" }));

        var track = await presenter.MakeAsync(default, narration, new DirectoryInfo(_folder.Path), CancellationToken.None);

        var video = track!.VideoPath;
        var probe = await Ffprobe.ProbeAsync(video);
        Assert.Equal(6.0, double.Parse(probe.GetProperty("format").GetProperty("duration").GetString()!, System.Globalization.CultureInfo.InvariantCulture), 1);
        // Speaking: the head sways and the mouth opens and closes.
        Assert.True(await Frames.PsnrAsync(video, 0.6, video, 1.4) < 40, "the presenter does not move while speaking");
        Assert.True(await Frames.PsnrAsync(video, 1.0, video, 4.0) < 40, "the presenter looks the same speaking as in silence");
        // Silent from 2.5 s: settled within a second, then nothing moves.
        Assert.True(await Frames.PsnrAsync(video, 3.4, video, 4.0) > 45, "the presenter moves in silence");
        Assert.True(await Frames.PsnrAsync(video, 3.4, video, 4.8) > 45, "the presenter moves in silence");
    }

    [Fact]
    public void Slides_leave_the_presenters_corner_free()
    {
        var script = new LessonScript("Room for the presenter", "Tests",
        [
            new Scene("", string.Join('\n', Enumerable.Range(1, 5).Select(i => $"Point {i} is a long line of words that runs all the way across the slide")), ""),
        ]);
        var painter = new LocalProviderOptions();
        var with = Path.Combine(_folder.Path, "with.png");
        var without = Path.Combine(_folder.Path, "without.png");
        painter.Painter(presenter: true).PaintScene(script, 1, with);
        painter.Painter(presenter: false).PaintScene(script, 1, without);

        // Below the header, everything right of the presenter's window (and a gap) is the presenter's: text stays out of
        // the whole column, so it never runs under the presenter however far down it goes.
        var left = SlideTheme.Width - SlideTheme.PresenterInset - SlideTheme.PresenterSize - 16;
        var column = SKRectI.Create(left, 120, SlideTheme.Width - left, SlideTheme.Height - 120);
        Assert.True(Ink(without, column) > 200, "the text of this slide does not reach the corner's column: the test proves nothing");
        Assert.Equal(0, Ink(with, column));
    }

    [Fact]
    public async Task The_presenter_is_drawn_in_the_corner_of_the_video()
    {
        var script = new LessonScript("Presenter", "Tests", [new Scene("Owls hunt at night.", "Owls hunt at night", "")]);
        var wav = Wav(3, _ => true);
        var narration = new Narration(wav,
            [new NarrationSegment("Presenter.", TimeSpan.Zero, TimeSpan.FromSeconds(1)), new NarrationSegment("Owls hunt at night.", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2))],
            TimeSpan.FromSeconds(3));
        var options = Options.Create(new LocalProviderOptions { VideoPreset = "ultrafast" });
        var worker = Options.Create(new WorkerOptions { Camera = WorkerOptions.CameraOff, Presenter = WorkerOptions.PresenterLocal });
        var track = await new LocalPresenter(Options.Create(new PresenterOptions()), options).MakeAsync(default, narration, new DirectoryInfo(_folder.Path), CancellationToken.None);
        var folder = Directory.CreateDirectory(Path.Combine(_folder.Path, "video"));

        var video = await Renderers.Slides(new SlideVideoComposer(options, worker, options.Value.Painter(presenter: true)), options)
            .RenderAsync(script, narration, LessonFootage.None with { Presenter = track }, folder, CancellationToken.None);

        await Ffprobe.AssertPlayableLessonVideoAsync(video.VideoPath);
        var frame = Path.Combine(_folder.Path, "frame.png");
        await Tool.RunAsync("ffmpeg", "-loglevel", "error", "-y", "-ss", "2", "-i", video.VideoPath, "-frames:v", "1", frame);
        using var bitmap = SKBitmap.Decode(frame);
        var centre = (X: SlideTheme.Width - SlideTheme.PresenterInset - SlideTheme.PresenterSize / 2, Y: SlideTheme.Height - SlideTheme.PresenterInset - SlideTheme.PresenterSize / 2);
        // Skin in the middle of the round window; the slide's dark background just outside its rim, in the square's corner.
        var face = bitmap.GetPixel(centre.X, centre.Y - 20);
        Assert.True(face.Red > 150 && face.Red > face.Blue + 40, $"no face in the corner: {face}");
        var outside = bitmap.GetPixel(SlideTheme.Width - SlideTheme.PresenterInset - 4, SlideTheme.Height - SlideTheme.PresenterInset - 4);
        Assert.True(outside.Red < 40 && outside.Green < 40, $"the window is not round: {outside}");
    }

    [Fact]
    public void The_narration_is_cut_for_avatarforcing_at_scene_starts_or_in_a_pause_never_longer_than_allowed()
    {
        // Scenes start at 3, 20 and 33 s; the last one runs 42 s, quiet only from 58 to 58.4 s.
        var wav = Wav(75, t => t is < 58 or >= 58.4);
        TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);
        var narration = new Narration(wav,
        [
            new NarrationSegment("Title.", S(0), S(3)), new NarrationSegment("One.", S(3), S(17)),
            new NarrationSegment("Two.", S(20), S(13)), new NarrationSegment("Three.", S(33), S(42)),
        ], S(75));

        var chunks = SpeechChunks.Split(narration, S(30));

        Assert.All(chunks, chunk => Assert.True(chunk.Duration <= S(30), $"a chunk of {chunk.Duration}"));
        Assert.Equal(S(0), chunks[0].Start);
        Assert.All(chunks.Zip(chunks.Skip(1)), pair => Assert.Equal(pair.First.End, pair.Second.Start));
        Assert.Equal(S(75), chunks[^1].End);
        Assert.Equal([S(20), S(33)], chunks.Take(2).Select(c => c.End));
        Assert.InRange(chunks[2].End.TotalSeconds, 58.0, 58.4);
        Assert.Equal(4, chunks.Count);
    }

    /// <summary>Bright pixels (text) inside a rectangle of a slide.</summary>
    private static int Ink(string slide, SKRectI area)
    {
        using var bitmap = SKBitmap.Decode(slide);
        var ink = 0;
        for (var y = area.Top; y < area.Bottom; y++)
        {
            for (var x = area.Left; x < area.Right; x++)
            {
                var pixel = bitmap.GetPixel(x, y);
                ink += pixel.Red + pixel.Green + pixel.Blue > 450 ? 1 : 0;
            }
        }

        return ink;
    }
}
