using System.Numerics;

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
        Mix(under.Plane(0), layer.Plane(0), alpha, target.Plane(0));

        var (half, halfHeight) = (width / 2, height / 2);
        var chromaAlpha = new byte[half * halfHeight];
        for (var y = 0; y < halfHeight; y++)
        {
            for (var x = 0; x < half; x++)
            {
                var at = 2 * y * width + 2 * x;
                chromaAlpha[y * half + x] = (byte)(y + 1 < halfHeight && x + 1 < half
                    ? (alpha[at] + alpha[at + 1] + alpha[at + width] + alpha[at + width + 1]) >> 2
                    : (AlongRow(alpha, at, x + 1 < half) + AlongColumn(alpha, at, width, y + 1 < halfHeight)) >> 1);
            }
        }

        for (var plane = 1; plane <= 2; plane++)
        {
            Mix(under.Plane(plane), layer.Plane(plane), chromaAlpha, target.Plane(plane));
        }
    }

    // The filter's rule on the last chroma row and column: the mean of the means across and down, each of one sample
    // where the layer ends.
    private static int AlongRow(ReadOnlySpan<byte> alpha, int at, bool inside) => inside ? (alpha[at] + alpha[at + 1]) >> 1 : alpha[at];

    private static int AlongColumn(ReadOnlySpan<byte> alpha, int at, int width, bool inside) => inside ? (alpha[at] + alpha[at + width]) >> 1 : alpha[at];

    /// <summary>
    /// <c>FAST_DIV255(under * (255 - a) + layer * a)</c>, that is <c>((x + 128) * 257) &gt;&gt; 16</c>, which is
    /// <c>(y + (y &gt;&gt; 8)) &gt;&gt; 8</c> for <c>y = x + 128</c>: every step in 16 bits, whole lanes at a time.
    /// </summary>
    private static void Mix(ReadOnlySpan<byte> under, ReadOnlySpan<byte> layer, ReadOnlySpan<byte> alpha, Span<byte> target)
    {
        var (opaque, half) = (new Vector<ushort>(255), new Vector<ushort>(128));
        var i = 0;
        for (; i <= under.Length - Vector<byte>.Count; i += Vector<byte>.Count)
        {
            Vector.Widen(new Vector<byte>(under[i..]), out var underLow, out var underHigh);
            Vector.Widen(new Vector<byte>(layer[i..]), out var layerLow, out var layerHigh);
            Vector.Widen(new Vector<byte>(alpha[i..]), out var alphaLow, out var alphaHigh);
            var low = underLow * (opaque - alphaLow) + layerLow * alphaLow + half;
            var high = underHigh * (opaque - alphaHigh) + layerHigh * alphaHigh + half;
            Vector.Narrow(Vector.ShiftRightLogical(low + Vector.ShiftRightLogical(low, 8), 8), Vector.ShiftRightLogical(high + Vector.ShiftRightLogical(high, 8), 8))
                .CopyTo(target[i..]);
        }

        for (; i < under.Length; i++)
        {
            target[i] = (byte)(((under[i] * (255 - alpha[i]) + layer[i] * alpha[i] + 128) * 257) >> 16);
        }
    }
}
