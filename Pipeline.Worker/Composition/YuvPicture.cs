namespace VideoGen.Worker.Composition;

/// <summary>A picture in the video's pixel format (8-bit YUV 4:2:0, planes one after another), as ffmpeg's rawvideo has it.</summary>
public sealed class YuvPicture
{
    public YuvPicture(int width, int height, byte[]? bytes = null)
    {
        (Width, Height) = (width, height);
        Bytes = bytes ?? new byte[FrameSize(width, height)];
        if (Bytes.Length != FrameSize(width, height))
        {
            throw new InvalidDataException($"a {width}x{height} YUV 4:2:0 picture has {FrameSize(width, height)} bytes, not {Bytes.Length}");
        }
    }

    public int Width { get; }

    public int Height { get; }

    public byte[] Bytes { get; }

    public static int FrameSize(int width, int height) => width * height + 2 * (width / 2) * (height / 2);

    /// <summary>Plane 0 is luma, 1 and 2 chroma at half the size each way.</summary>
    public Span<byte> Plane(int plane) => plane switch
    {
        0 => Bytes.AsSpan(0, Width * Height),
        1 => Bytes.AsSpan(Width * Height, Width / 2 * (Height / 2)),
        _ => Bytes.AsSpan(Width * Height + Width / 2 * (Height / 2), Width / 2 * (Height / 2)),
    };

    public static YuvPicture Read(string path, int width, int height) => new(width, height, File.ReadAllBytes(path));
}
