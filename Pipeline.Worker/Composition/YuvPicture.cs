namespace VideoGen.Worker.Composition;

/// <summary>
/// A picture in the video's pixel format (8-bit YUV 4:2:0, planes one after another), as ffmpeg's rawvideo has it; with
/// an alpha plane the size of the luma's after them (ffmpeg's yuva420p), for a layer laid over another.
/// </summary>
public sealed class YuvPicture
{
    public YuvPicture(int width, int height, byte[]? bytes = null, bool alpha = false)
    {
        (Width, Height, HasAlpha) = (width, height, alpha);
        Bytes = bytes ?? new byte[FrameSize(width, height, alpha)];
        if (Bytes.Length != FrameSize(width, height, alpha))
        {
            throw new InvalidDataException(
                $"a {width}x{height} YUV 4:2:0 picture{(alpha ? " with alpha" : "")} has {FrameSize(width, height, alpha)} bytes, not {Bytes.Length}");
        }
    }

    public int Width { get; }

    public int Height { get; }

    public bool HasAlpha { get; }

    public byte[] Bytes { get; }

    public static int FrameSize(int width, int height, bool alpha = false) => width * height * (alpha ? 2 : 1) + 2 * (width / 2) * (height / 2);

    /// <summary>Plane 0 is luma, 1 and 2 chroma at half the size each way, 3 the alpha (full size).</summary>
    public Span<byte> Plane(int plane)
    {
        var (luma, chroma) = (Width * Height, Width / 2 * (Height / 2));
        return plane switch
        {
            0 => Bytes.AsSpan(0, luma),
            1 => Bytes.AsSpan(luma, chroma),
            2 => Bytes.AsSpan(luma + chroma, chroma),
            3 when HasAlpha => Bytes.AsSpan(luma + 2 * chroma, luma),
            _ => throw new ArgumentOutOfRangeException(nameof(plane), plane, HasAlpha ? "planes are 0 to 3" : "a picture without alpha has planes 0 to 2"),
        };
    }

    public static YuvPicture Read(string path, int width, int height, bool alpha = false) => new(width, height, File.ReadAllBytes(path), alpha);
}
