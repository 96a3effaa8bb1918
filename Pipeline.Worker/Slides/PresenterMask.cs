using SkiaSharp;

namespace VideoGen.Worker.Slides;

/// <summary>The presenter's round window: white inside, black outside, its edge smoothed, as the alpha of the presenter's picture.</summary>
public static class PresenterMask
{
    public static void Paint(string path)
    {
        var size = SlideTheme.PresenterSize;
        using var surface = SKSurface.Create(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Opaque));
        surface.Canvas.Clear(SKColors.Black);
        using var paint = new SKPaint { Color = SKColors.White, IsAntialias = true };
        surface.Canvas.DrawCircle(size / 2f, size / 2f, size / 2f - 1, paint);
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        png.SaveTo(file);
    }
}
