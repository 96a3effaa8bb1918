using System.Numerics;

namespace VideoGen.Worker.Composition;

/// <summary>
/// A camera move's frame drawn on the CPU: the source rectangle of the move stretched over the whole frame, sampled
/// bilinearly in 1/256 of a pixel, plane by plane, the chroma planes following the luma's positions, exactly as ffmpeg's
/// <c>perspective</c> filter samples (a test compares the two). A move zooms and pans and never turns, so where a
/// column samples depends on the column alone and where a row samples on the row alone: both are worked out once per
/// frame, which is what makes this several times cheaper than the filter, which maps every pixel on its own.
/// </summary>
public static class SlideWarp
{
    private const int SubPixelBits = 8;
    private const int SubPixels = 1 << SubPixelBits;

    public static void Draw(YuvPicture source, (double Left, double Top, double Right, double Bottom) rectangle, YuvPicture target)
    {
        var (width, height) = (source.Width, source.Height);
        // Where each column and row of the luma plane samples, in 1/256 of a pixel.
        var columns = new int[width];
        var rows = new int[height];
        for (var x = 0; x < width; x++)
        {
            columns[x] = (int)Math.Round(SubPixels * (rectangle.Left + x * (rectangle.Right - rectangle.Left) / width), MidpointRounding.ToEven);
        }

        for (var y = 0; y < height; y++)
        {
            rows[y] = (int)Math.Round(SubPixels * (rectangle.Top + y * (rectangle.Bottom - rectangle.Top) / height), MidpointRounding.ToEven);
        }

        Sample(source.Plane(0), target.Plane(0), width, height, columns, rows, shift: 0);
        for (var plane = 1; plane <= 2; plane++)
        {
            Sample(source.Plane(plane), target.Plane(plane), width / 2, height / 2, columns, rows, shift: 1);
        }

        if (source.HasAlpha)
        {
            // The filter moves a layer's alpha as it moves its luma.
            Sample(source.Plane(3), target.Plane(3), width, height, columns, rows, shift: 0);
        }
    }

    /// <param name="shift">How much smaller than the luma plane this plane is, as a power of two: its pixel (x, y) samples
    /// where the luma pixel (x, y) shifted up does, shifted back down.</param>
    private static void Sample(ReadOnlySpan<byte> source, Span<byte> target, int width, int height, int[] lumaColumns, int[] lumaRows, int shift)
    {
        // Each row is mixed down the two source rows it falls between first (whole 16-bit lanes at a time), then across
        // the two columns each pixel falls between. In that order the sums are the same integers as the filter's, which
        // mixes across first: (256 - fu) * ((256 - fv) * a + fv * c) + fu * ((256 - fv) * b + fv * d).
        Span<int> columnAt = stackalloc int[width];
        Span<int> columnFraction = stackalloc int[width];
        for (var x = 0; x < width; x++)
        {
            var u = lumaColumns[x << shift] >> shift;
            (columnAt[x], columnFraction[x]) = (u >> SubPixelBits, u & (SubPixels - 1));
        }

        Span<ushort> down = stackalloc ushort[width];
        for (var y = 0; y < height; y++)
        {
            var v = lumaRows[y << shift] >> shift;
            var (row, fractionV) = (v >> SubPixelBits, v & (SubPixels - 1));
            if (row >= 0 && row < height - 1)
            {
                MixRows(source.Slice(row * width, width), source.Slice((row + 1) * width, width), fractionV, down);
            }
            else
            {
                // Beyond the first or last row, along the nearest one only.
                var edge = source.Slice((row < 0 ? 0 : height - 1) * width, width);
                MixRows(edge, edge, 0, down);
            }

            var line = target.Slice(y * width, width);
            for (var x = 0; x < width; x++)
            {
                var column = columnAt[x];
                if (column >= 0 && column < width - 1)
                {
                    var fractionU = columnFraction[x];
                    line[x] = (byte)(((SubPixels - fractionU) * down[column] + fractionU * down[column + 1] + (1 << (2 * SubPixelBits - 1))) >> (2 * SubPixelBits));
                }
                else
                {
                    // Beyond the first or last column, down the nearest one only.
                    line[x] = (byte)((down[column < 0 ? 0 : width - 1] + (1 << (SubPixelBits - 1))) >> SubPixelBits);
                }
            }
        }
    }

    /// <summary><c>(256 - fraction) * upper + fraction * lower</c> for each sample of two rows: at most 256 * 255, in 16 bits.</summary>
    private static void MixRows(ReadOnlySpan<byte> upper, ReadOnlySpan<byte> lower, int fraction, Span<ushort> mixed)
    {
        var (keep, take) = (new Vector<ushort>((ushort)(SubPixels - fraction)), new Vector<ushort>((ushort)fraction));
        var x = 0;
        for (; x <= upper.Length - Vector<byte>.Count; x += Vector<byte>.Count)
        {
            Vector.Widen(new Vector<byte>(upper[x..]), out var upperLow, out var upperHigh);
            Vector.Widen(new Vector<byte>(lower[x..]), out var lowerLow, out var lowerHigh);
            (keep * upperLow + take * lowerLow).CopyTo(mixed[x..]);
            (keep * upperHigh + take * lowerHigh).CopyTo(mixed[(x + Vector<ushort>.Count)..]);
        }

        for (; x < upper.Length; x++)
        {
            mixed[x] = (ushort)((SubPixels - fraction) * upper[x] + fraction * lower[x]);
        }
    }
}
