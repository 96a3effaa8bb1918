namespace VideoGen.Worker.Composition;

/// <summary>
/// A layer with alpha laid over a picture without, as ffmpeg's <c>overlay</c> filter lays a yuva420p input over a
/// yuv420p one: each sample mixed by the layer's alpha in 1/255 (rounded as its <c>FAST_DIV255</c> rounds), a chroma
/// sample by the mean alpha of the four luma samples it covers (on the last row and column, as the filter does there).
/// </summary>
public static class LayerBlend
{
    public static void Over(YuvPicture under, YuvPicture layer, YuvPicture target)
    {
        if (!layer.HasAlpha || under.Width != layer.Width || under.Height != layer.Height || target.Width != under.Width || target.Height != under.Height)
        {
            throw new ArgumentException("the layer needs alpha, and all three pictures one size");
        }

        var (width, height) = (under.Width, under.Height);
        ReadOnlySpan<byte> alpha = layer.Plane(3);
        Span<byte> target0 = target.Plane(0);
        ReadOnlySpan<byte> under0 = under.Plane(0), layer0 = layer.Plane(0);
        for (var i = 0; i < width * height; i++)
        {
            target0[i] = Mix(under0[i], layer0[i], alpha[i]);
        }

        var half = width / 2;
        for (var plane = 1; plane <= 2; plane++)
        {
            Span<byte> target1 = target.Plane(plane);
            ReadOnlySpan<byte> under1 = under.Plane(plane), layer1 = layer.Plane(plane);
            for (var y = 0; y < height / 2; y++)
            {
                var row = 2 * y * width;
                for (var x = 0; x < half; x++)
                {
                    var at = row + 2 * x;
                    var a = y + 1 < height / 2 && x + 1 < half
                        ? (alpha[at] + alpha[at + 1] + alpha[at + width] + alpha[at + width + 1]) >> 2
                        : (AlongRow(alpha, at, x + 1 < half) + AlongColumn(alpha, at, width, y + 1 < height / 2)) >> 1;
                    target1[y * half + x] = Mix(under1[y * half + x], layer1[y * half + x], a);
                }
            }
        }
    }

    // The filter's rule on the last chroma row and column: the mean of the means across and down, each of one sample
    // where the layer ends.
    private static int AlongRow(ReadOnlySpan<byte> alpha, int at, bool inside) => inside ? (alpha[at] + alpha[at + 1]) >> 1 : alpha[at];

    private static int AlongColumn(ReadOnlySpan<byte> alpha, int at, int width, bool inside) => inside ? (alpha[at] + alpha[at + width]) >> 1 : alpha[at];

    private static byte Mix(int under, int layer, int alpha) => alpha switch
    {
        0 => (byte)under,
        _ => (byte)(((under * (255 - alpha) + layer * alpha + 128) * 257) >> 16),
    };
}
