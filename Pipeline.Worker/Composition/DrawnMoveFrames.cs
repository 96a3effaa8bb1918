using VideoGen.Worker.Slides;

namespace VideoGen.Worker.Composition;

/// <summary>The frames of a lesson's drawn camera moves, in order, as raw pictures for ffmpeg's standard input.</summary>
public static class DrawnMoveFrames
{
    /// <summary>ffmpeg's options that read what <see cref="WriteAsync"/> writes.</summary>
    public static readonly string[] Input =
        ["-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", $"{SlideTheme.Width}x{SlideTheme.Height}", "-framerate", $"{CompositionPlan.FramesPerSecond}", "-i", "pipe:0"];

    /// <summary>The pictures that move, converted as the filter graph converts slides, so the moves start from the same pixels.</summary>
    public static IReadOnlyList<string> ConversionArguments(IReadOnlyList<DrawnMove> moves)
    {
        var pictures = moves.Select(m => m.Picture).Distinct().ToList();
        return
        [
            .. pictures.SelectMany(picture => new[] { "-i", picture }),
            .. pictures.SelectMany((picture, i) => new[] { "-map", $"{i}:v", "-pix_fmt", "yuv420p", "-f", "rawvideo", YuvOf(picture) }),
        ];
    }

    public static async Task WriteAsync(IReadOnlyList<DrawnMove> moves, string folder, Stream output, CancellationToken cancellationToken)
    {
        var (width, height) = (SlideTheme.Width, SlideTheme.Height);
        var frame = new YuvPicture(width, height);
        foreach (var move in moves)
        {
            var source = YuvPicture.Read(Path.Combine(folder, YuvOf(move.Picture)), width, height);
            for (var number = move.FirstFrame; number <= move.LastFrame; number++)
            {
                SlideWarp.Draw(source, CameraMoves.Rectangle(move.Move, number, CompositionPlan.FramesPerSecond, move.From, move.To, width, height), frame);
                await output.WriteAsync(frame.Bytes, cancellationToken);
            }
        }
    }

    private static string YuvOf(string picture) => Path.ChangeExtension(picture, ".yuv");
}
