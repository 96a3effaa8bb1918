using System.Globalization;
using VideoGen.Tests.Support;
using VideoGen.Worker.Composition;
using VideoGen.Worker.Slides;

namespace VideoGen.Tests.Composition;

/// <summary>The camera's moves drawn on the CPU, frame by frame the same as ffmpeg's perspective filter draws them.</summary>
public sealed class SlideWarpTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(CameraMove.PullOut)]
    [InlineData(CameraMove.PushIn)]
    [InlineData(CameraMove.PanLeft)]
    [InlineData(CameraMove.PanRight)]
    [InlineData(CameraMove.Tilt)]
    public async Task Each_frame_of_a_move_matches_the_perspective_filter(CameraMove move)
    {
        // A picture with fine detail everywhere (text-like edges, gradients), so a shift of a fraction of a pixel shows.
        var (width, height) = (SlideTheme.Width, SlideTheme.Height);
        var picture = Path.Combine(_folder.Path, "picture.yuv");
        await Tool.RunAsync("ffmpeg", "-v", "error", "-f", "lavfi", "-i", $"testsrc2=s={width}x{height}:d=1", "-frames:v", "1", "-pix_fmt", "yuv420p", "-f", "rawvideo", picture);
        var source = YuvPicture.Read(picture, width, height);

        // The scene runs from 0.5 s to 5.5 s of the video's timeline; its move takes 1.2 s of it.
        var narration = new VideoGen.Worker.Stages.Narration("narration.wav",
            [new("title", TimeSpan.Zero, TimeSpan.FromSeconds(0.5)), new("scene", TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(5))], TimeSpan.FromSeconds(5.5));
        var filters = CameraMoves.Filters(narration, ["title", TextFor(move)], 30, segment => segment == 1);
        Assert.Equal(move, CameraMoves.For(1, TextFor(move)));
        var (from, to) = CameraMoves.Window(move, 0.5, 5.5);
        var first = (int)Math.Ceiling(from * 30);
        var expected = Path.Combine(_folder.Path, "expected.yuv");
        await Tool.RunAsync("ffmpeg", "-v", "error", "-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", $"{width}x{height}", "-framerate", "30", "-stream_loop", "-1", "-i", picture,
            "-vf", filters, "-frames:v", "170", "-f", "rawvideo", expected);
        var drawn = File.ReadAllBytes(expected);

        var frame = new YuvPicture(width, height);
        var size = YuvPicture.FrameSize(width, height);
        foreach (var number in new[] { first, first + 1, first + 15, first + 30, first + 36 })
        {
            SlideWarp.Draw(source, CameraMoves.Rectangle(move, number, 30, from, to, width, height), frame);
            var theirs = drawn.AsSpan(number * size, size);
            var differing = 0;
            var largest = 0;
            var where = new List<string>();
            for (var i = 0; i < size; i++)
            {
                var difference = Math.Abs(frame.Bytes[i] - theirs[i]);
                differing += difference > 0 ? 1 : 0;
                largest = Math.Max(largest, difference);
                if (difference > 1 && where.Count < 8)
                {
                    where.Add(i < width * height ? $"Y({i % width},{i / width})" : $"C({(i - width * height) % (width / 2 * (height / 2)) % (width / 2)},{(i - width * height) % (width / 2 * (height / 2)) / (width / 2)})");
                }
            }

            Assert.True(largest <= 1 && differing < size / 1000,
                $"{move}, frame {number}: {differing} of {size} samples differ, by up to {largest}, at {string.Join(' ', where)}");
        }
    }

    [Fact]
    public async Task The_title_cards_text_moving_over_its_rings_matches_the_perspective_and_overlay_filters()
    {
        // A background with detail everywhere, and a layer whose alpha is opaque, half and clear in thin stripes, as
        // anti-aliased text is at its edges.
        var (width, height) = (SlideTheme.Width, SlideTheme.Height);
        var folder = _folder.Path;
        await Tool.RunAsync("ffmpeg", "-v", "error", "-f", "lavfi", "-i", $"testsrc2=s={width}x{height}:d=1", "-frames:v", "1", Path.Combine(folder, SlideList.TitleBackground));
        await Tool.RunAsync("ffmpeg", "-v", "error", "-f", "lavfi", "-i", $"mandelbrot=s={width}x{height}", "-frames:v", "1",
            "-vf", "format=rgba,geq=r='r(X,Y)':g='g(X,Y)':b='b(X,Y)':a='if(lt(mod(X+2*Y,29),9),255,if(lt(mod(X,7),3),128,0))'", Path.Combine(folder, SlideList.TitleText));

        // A title card of 3 s: its move is the first 1.2 s, the frames 0 to 35.
        var script = new VideoGen.Worker.Stages.LessonScript("Title", "Course", [new VideoGen.Worker.Stages.Scene("Scene.", "Scene", "")]);
        var narration = new VideoGen.Worker.Stages.Narration("narration.wav",
            [new("Title", TimeSpan.Zero, TimeSpan.FromSeconds(3)), new("Scene.", TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3))], TimeSpan.FromSeconds(6));
        var plan = new CompositionPlan(script, narration, [], Presenter: false, Camera: true, BurnSubtitles: false, ConstantFrameRate: false);
        var title = Assert.Single(plan.DrawnMoves(), m => m.Segment == 0);
        Assert.Equal((0, 35, SlideList.TitleBackground), (title.FirstFrame, title.LastFrame, title.Under));

        // What ffmpeg's filters drew before the move was drawn here: the text layer through perspective, over the rings.
        var filters = CameraMoves.Filters(narration, plan.Texts, 30, segment => segment == 0);
        var expected = Path.Combine(folder, "expected.yuv");
        await Tool.RunAsync("ffmpeg", "-v", "error", "-loop", "1", "-framerate", "30", "-i", Path.Combine(folder, SlideList.TitleBackground),
            "-loop", "1", "-framerate", "30", "-i", Path.Combine(folder, SlideList.TitleText),
            "-filter_complex", $"[0:v]format=yuv420p,fps=30,setsar=1[back];[1:v]format=yuva420p,fps=30,setsar=1,{filters}[text];[back][text]overlay=eof_action=pass[v]",
            "-map", "[v]", "-frames:v", "36", "-f", "rawvideo", "-pix_fmt", "yuv420p", expected);
        var theirs = File.ReadAllBytes(expected);

        // The worker converts in the lesson's folder, where the names are relative.
        await Tool.RunAsync("ffmpeg", ["-v", "error", "-y", .. DrawnMoveFrames.ConversionArguments([title with { Picture = Path.Combine(folder, title.Picture), Under = Path.Combine(folder, title.Under!) }])]);
        using var ours = new MemoryStream();
        await DrawnMoveFrames.WriteAsync([title], folder, ours, CancellationToken.None);

        var size = YuvPicture.FrameSize(width, height);
        Assert.Equal(theirs.Length, (int)ours.Length);
        var mine = ours.ToArray();
        for (var number = 0; number < 36; number++)
        {
            var (differing, largest) = (0, 0);
            var where = new List<string>();
            for (var i = 0; i < size; i++)
            {
                var difference = Math.Abs(mine[number * size + i] - theirs[number * size + i]);
                differing += difference > 0 ? 1 : 0;
                largest = Math.Max(largest, difference);
                if (difference > 2 && where.Count < 8)
                {
                    where.Add(Where(i, width, height));
                }
            }

            Assert.True(largest <= 1 && differing < size / 1000, $"frame {number}: {differing} of {size} samples differ, by up to {largest}, at {string.Join(' ', where)}");
        }
    }

    private static string Where(int sample, int width, int height)
    {
        var (luma, chroma) = (width * height, width / 2 * (height / 2));
        return sample < luma
            ? $"Y({sample % width},{sample / width})"
            : $"{(sample < luma + chroma ? 'U' : 'V')}({(sample - luma) % chroma % (width / 2)},{(sample - luma) % chroma / (width / 2)})";
    }

    /// <summary>A scene text whose move is the one asked for (the move is chosen from the text).</summary>
    private static string TextFor(CameraMove move) =>
        Enumerable.Range(0, 1000).Select(i => string.Create(CultureInfo.InvariantCulture, $"scene {i}")).First(text => CameraMoves.For(1, text) == move);
}
