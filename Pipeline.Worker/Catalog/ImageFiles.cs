using SkiaSharp;

namespace VideoGen.Worker.Catalog;

/// <summary>Pictures given by path (a lesson's image, the presenter's portrait): checked before they are relied on.</summary>
public static class ImageFiles
{
    public const long MaxBytes = 40L * 1024 * 1024;
    public const int MaxSide = 8192;

    /// <summary>Why the file cannot serve as a picture, or null when it can: a PNG, JPEG or WebP of sensible size.</summary>
    public static string? FindProblem(string path)
    {
        try
        {
            var file = new FileInfo(path);
            if (!file.Exists)
            {
                return "no such file";
            }

            if (file.Length > MaxBytes)
            {
                return $"{file.Length / (1024 * 1024)} MB is more than the {MaxBytes / (1024 * 1024)} MB a picture may have";
            }

            using var stream = file.OpenRead();
            using var codec = SKCodec.Create(stream, out var result);
            if (codec is null || MimeTypeOf(codec.EncodedFormat) is null)
            {
                return $"not a PNG, JPEG or WebP picture ({(codec is null ? result.ToString() : codec.EncodedFormat.ToString())})";
            }

            return codec.Info.Width > MaxSide || codec.Info.Height > MaxSide
                ? $"{codec.Info.Width}x{codec.Info.Height} is larger than {MaxSide} pixels a side"
                : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ex.Message;
        }
    }

    /// <summary>The file's MIME type, from its content.</summary>
    public static string MimeType(string path)
    {
        using var stream = File.OpenRead(path);
        using var codec = SKCodec.Create(stream);
        return (codec is null ? null : MimeTypeOf(codec.EncodedFormat)) ?? "application/octet-stream";
    }

    private static string? MimeTypeOf(SKEncodedImageFormat format) => format switch
    {
        SKEncodedImageFormat.Png => "image/png",
        SKEncodedImageFormat.Jpeg => "image/jpeg",
        SKEncodedImageFormat.Webp => "image/webp",
        _ => null,
    };
}
