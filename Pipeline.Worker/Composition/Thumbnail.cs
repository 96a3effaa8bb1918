using SkiaSharp;

namespace VideoGen.Worker.Composition;

/// <summary>The video's thumbnail, made from the title card already painted rather than by decoding the finished video.</summary>
public static class Thumbnail
{
    public const int Width = 640;
    public const int Height = 360;
    private const int JpegQuality = 85;

    public static void FromPicture(string picture, string thumbnail)
    {
        using var source = SKBitmap.Decode(picture) ?? throw new InvalidDataException($"{picture} is not a picture");
        using var scaled = source.Resize(new SKImageInfo(Width, Height), new SKSamplingOptions(SKCubicResampler.Mitchell));
        using var image = SKImage.FromBitmap(scaled);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, JpegQuality);
        using var file = File.Create(thumbnail);
        data.SaveTo(file);
    }
}
