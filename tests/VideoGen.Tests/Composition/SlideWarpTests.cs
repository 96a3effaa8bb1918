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

    /// <summary>A scene text whose move is the one asked for (the move is chosen from the text).</summary>
    private static string TextFor(CameraMove move) =>
        Enumerable.Range(0, 1000).Select(i => string.Create(CultureInfo.InvariantCulture, $"scene {i}")).First(text => CameraMoves.For(1, text) == move);
}
