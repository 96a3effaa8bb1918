using VideoGen.Worker.Slides;

namespace VideoGen.Worker.Composition;

/// <summary>The frames of a lesson's drawn camera moves, in order, as raw pictures for ffmpeg's standard input.</summary>
public static class DrawnMoveFrames
{
    /// <summary>ffmpeg's options that read what <see cref="WriteAsync"/> writes.</summary>
    public static readonly string[] Input =
        ["-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", $"{SlideTheme.Width}x{SlideTheme.Height}", "-framerate", $"{CompositionPlan.FramesPerSecond}", "-i", "pipe:0"];

    /// <summary>
    /// The pictures that move, and those under a moving layer, converted as the filter graph converts slides (a layer
    /// keeps its alpha), so the moves start from the same pixels.
    /// </summary>
    public static IReadOnlyList<string> ConversionArguments(IReadOnlyList<DrawnMove> moves)
    {
        var pictures = moves.Select(m => (m.Picture, Layer: m.Under is not null))
            .Concat(moves.Where(m => m.Under is not null).Select(m => (Picture: m.Under!, Layer: false)))
            .Distinct().ToList();
        return
        [
            .. pictures.SelectMany(p => new[] { "-i", p.Picture }),
            .. pictures.SelectMany((p, i) => new[] { "-map", $"{i}:v", "-pix_fmt", p.Layer ? "yuva420p" : "yuv420p", "-f", "rawvideo", RawOf(p.Picture, p.Layer) }),
        ];
    }

    public static async Task WriteAsync(IReadOnlyList<DrawnMove> moves, string folder, Stream output, CancellationToken cancellationToken)
    {
        var (width, height) = (SlideTheme.Width, SlideTheme.Height);
        var frame = new YuvPicture(width, height);
        var moved = new YuvPicture(width, height, alpha: true);
        foreach (var move in moves)
        {
            var layer = move.Under is not null;
            var source = YuvPicture.Read(Path.Combine(folder, RawOf(move.Picture, layer)), width, height, layer);
            var under = layer ? YuvPicture.Read(Path.Combine(folder, RawOf(move.Under!, layer: false)), width, height) : null;
            for (var number = move.FirstFrame; number <= move.LastFrame; number++)
            {
                var rectangle = CameraMoves.Rectangle(move.Move, number, CompositionPlan.FramesPerSecond, move.From, move.To, width, height);
                if (under is null)
                {
                    SlideWarp.Draw(source, rectangle, frame);
                }
                else
                {
                    SlideWarp.Draw(source, rectangle, moved);
                    LayerBlend.Over(under, moved, frame);
                }

                await output.WriteAsync(frame.Bytes, cancellationToken);
            }
        }
    }

    private static string RawOf(string picture, bool layer) => Path.ChangeExtension(picture, layer ? ".yuva" : ".yuv");
}
