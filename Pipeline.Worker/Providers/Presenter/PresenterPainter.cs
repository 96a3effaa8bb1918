using SkiaSharp;

namespace VideoGen.Worker.Providers.Presenter;

/// <summary>
/// Draws the presenter, one frame at a time, into a square: the portrait given (centre-cropped), or a presenter the
/// project draws itself, so nothing needs downloading. The drawn presenter opens its mouth and blinks; over a portrait
/// the mouth opens as a shadow where a centred face's mouth is. The head moves inside the square, drawn a little larger
/// than it so no edge ever shows.
/// </summary>
public sealed class PresenterPainter : IDisposable
{
    private static readonly SKColor Skin = new(0xe2, 0xad, 0x8c);
    private static readonly SKColor SkinShadow = new(0xc9, 0x8f, 0x6e);
    private static readonly SKColor Hair = new(0x3b, 0x2a, 0x22);
    private static readonly SKColor Shirt = new(0x1f, 0x6f, 0x8b);
    private static readonly SKColor Lips = new(0xa8, 0x4a, 0x4a);
    private static readonly SKColor MouthInside = new(0x4a, 0x16, 0x1c);

    private readonly SKBitmap? _portrait;

    private PresenterPainter(SKBitmap? portrait) => _portrait = portrait;

    /// <summary>A painter of the portrait at <paramref name="portraitPath"/>, or of the drawn presenter without one.</summary>
    public static PresenterPainter Load(string? portraitPath)
    {
        if (string.IsNullOrWhiteSpace(portraitPath))
        {
            return new PresenterPainter(null);
        }

        using var original = SKBitmap.Decode(portraitPath) ?? throw new InvalidDataException($"{portraitPath} is not a picture");
        var side = Math.Min(original.Width, original.Height);
        var square = new SKBitmap(512, 512, SKColorType.Rgba8888, SKAlphaType.Premul);
        using (var canvas = new SKCanvas(square))
        {
            var source = SKRect.Create((original.Width - side) / 2f, (original.Height - side) / 2f, side, side);
            using var image = SKImage.FromBitmap(original);
            canvas.DrawImage(image, source, new SKRect(0, 0, 512, 512), new SKSamplingOptions(SKCubicResampler.Mitchell));
        }

        return new PresenterPainter(square);
    }

    /// <summary>The still portrait the way AvatarForcing is given it: 512x512 PNG, mouth closed, eyes open.</summary>
    public byte[] PortraitPng()
    {
        using var surface = SKSurface.Create(new SKImageInfo(512, 512, SKColorType.Rgba8888, SKAlphaType.Premul));
        Draw(surface.Canvas, 512, new PresenterPose(0, false, 0, 0, 0));
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    public void Draw(SKCanvas canvas, int size, PresenterPose pose)
    {
        canvas.Save();
        canvas.Scale(size);
        DrawBackdrop(canvas);
        // The head turns about the neck; the picture is drawn 6 % larger so a move never uncovers its edge.
        canvas.Translate(pose.Dx, pose.Dy);
        canvas.RotateDegrees(pose.Tilt, 0.5f, 0.85f);
        canvas.Scale(1.06f, 1.06f, 0.5f, 0.5f);
        if (_portrait is null)
        {
            DrawPresenter(canvas, pose);
        }
        else
        {
            DrawPortrait(canvas, pose);
        }

        canvas.Restore();
    }

    private static void DrawBackdrop(SKCanvas canvas)
    {
        using var shader = SKShader.CreateRadialGradient(new SKPoint(0.5f, 0.35f), 0.8f,
            [new SKColor(0x4b, 0x5d, 0x7a), new SKColor(0x1a, 0x24, 0x3a)], SKShaderTileMode.Clamp);
        using var paint = new SKPaint { Shader = shader };
        canvas.DrawRect(0, 0, 1, 1, paint);
    }

    private void DrawPortrait(SKCanvas canvas, PresenterPose pose)
    {
        using var image = SKImage.FromBitmap(_portrait);
        canvas.DrawImage(image, new SKRect(0, 0, 1, 1), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        if (pose.Mouth > 0)
        {
            using var shadow = new SKPaint { Color = MouthInside.WithAlpha(200), IsAntialias = true };
            canvas.DrawOval(0.5f, 0.705f, 0.045f, 0.004f + 0.02f * pose.Mouth, shadow);
        }
    }

    private static void DrawPresenter(SKCanvas canvas, PresenterPose pose)
    {
        using var fill = new SKPaint { IsAntialias = true };

        fill.Color = Shirt;
        canvas.DrawOval(0.5f, 1.08f, 0.42f, 0.3f, fill);
        fill.Color = SkinShadow;
        canvas.DrawRect(0.445f, 0.6f, 0.11f, 0.2f, fill);
        fill.Color = new SKColor(0xf1, 0xf5, 0xf9);
        using (var collar = new SKPathBuilder())
        {
            collar.MoveTo(0.42f, 0.79f);
            collar.LineTo(0.5f, 0.9f);
            collar.LineTo(0.58f, 0.79f);
            collar.LineTo(0.545f, 0.78f);
            collar.LineTo(0.5f, 0.84f);
            collar.LineTo(0.455f, 0.78f);
            collar.Close();
            Fill(canvas, collar, fill);
        }

        fill.Color = Hair;
        canvas.DrawOval(0.5f, 0.38f, 0.215f, 0.235f, fill);
        fill.Color = Skin;
        canvas.DrawOval(0.315f, 0.47f, 0.03f, 0.045f, fill);
        canvas.DrawOval(0.685f, 0.47f, 0.03f, 0.045f, fill);
        canvas.DrawOval(0.5f, 0.46f, 0.185f, 0.215f, fill);
        fill.Color = Hair;
        using (var fringe = new SKPathBuilder())
        {
            fringe.MoveTo(0.31f, 0.42f);
            fringe.CubicTo(0.3f, 0.2f, 0.7f, 0.18f, 0.69f, 0.4f);
            fringe.CubicTo(0.62f, 0.3f, 0.45f, 0.27f, 0.31f, 0.42f);
            Fill(canvas, fringe, fill);
        }

        using var line = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeCap = SKStrokeCap.Round, Color = Hair, StrokeWidth = 0.012f };
        canvas.DrawLine(0.38f, 0.39f, 0.45f, 0.385f, line);
        canvas.DrawLine(0.55f, 0.385f, 0.62f, 0.39f, line);
        foreach (var x in new[] { 0.415f, 0.585f })
        {
            if (pose.EyesClosed)
            {
                canvas.DrawLine(x - 0.03f, 0.44f, x + 0.03f, 0.44f, line);
                continue;
            }

            fill.Color = SKColors.White;
            canvas.DrawOval(x, 0.44f, 0.033f, 0.021f, fill);
            fill.Color = new SKColor(0x2b, 0x1d, 0x16);
            canvas.DrawCircle(x, 0.442f, 0.014f, fill);
        }

        line.Color = SkinShadow;
        line.StrokeWidth = 0.01f;
        using (var nose = new SKPathBuilder())
        {
            nose.MoveTo(0.5f, 0.47f);
            nose.QuadTo(0.485f, 0.53f, 0.51f, 0.535f);
            Fill(canvas, nose, line);
        }

        if (pose.Mouth == 0)
        {
            line.Color = Lips;
            line.StrokeWidth = 0.012f;
            using var smile = new SKPathBuilder();
            smile.MoveTo(0.45f, 0.585f);
            smile.QuadTo(0.5f, 0.61f, 0.55f, 0.585f);
            Fill(canvas, smile, line);
            return;
        }

        fill.Color = Lips;
        canvas.DrawOval(0.5f, 0.595f, 0.052f, 0.008f + 0.034f * pose.Mouth, fill);
        fill.Color = MouthInside;
        canvas.DrawOval(0.5f, 0.595f, 0.04f, 0.003f + 0.028f * pose.Mouth, fill);
    }

    private static void Fill(SKCanvas canvas, SKPathBuilder builder, SKPaint paint)
    {
        using var path = builder.Detach();
        canvas.DrawPath(path, paint);
    }

    public void Dispose() => _portrait?.Dispose();
}
