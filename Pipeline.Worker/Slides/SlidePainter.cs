using SkiaSharp;
using VideoGen.Worker.Lessons;
using VideoGen.Worker.Stages;
using static VideoGen.Worker.Slides.SlideTheme;

namespace VideoGen.Worker.Slides;

/// <summary>
/// Draws a lesson's title card and scene slides as 1280x720 pictures. Every text is measured as it will be drawn
/// and set in the largest size at which it fits its box; what cannot fit even at the smallest size is cut with an
/// ellipsis, so nothing ever leaves the frame. With a presenter, the text leaves the bottom right corner free for it: a
/// scene's text is set in a narrower column, and the title card's centred title keeps clear of the corner on both sides.
/// </summary>
public sealed class SlidePainter(SlideFonts fonts, bool presenter = false)
{
    private const float FullWidth = Width - 2 * Margin;
    private readonly float _contentWidth = presenter ? FullWidth - PresenterRoom : FullWidth;
    private readonly float _titleWidth = presenter ? FullWidth - 2 * PresenterRoom : FullWidth;
    private const float BodyTop = 140;
    private const float BodyBottom = Height - 56;
    private static readonly float[] TitleSizes = [66, 58, 50, 42, 36, 30];
    private static readonly float[] PointSizes = [44, 40, 36, 32, 28, 24, 20];
    private static readonly float[] HeadingSizes = [40, 36, 32, 28, 26];
    private static readonly float[] PointSizesBesideAsset = [30, 28, 26, 24, 22, 20];
    private static readonly float[] PointSizesUnderAsset = [28, 26, 24, 22];
    private const float PointsBesideAsset = 340;
    private const float PointsUnderAsset = 110;
    private const float AssetGap = 32;

    // Wider than this, a picture is drawn across the slide with the points under it.
    private const float WideAspect = 1.9f;


    /// <param name="textLayer">Where to put the text alone, over transparency, leaving <paramref name="path"/> only the
    /// background: the two layers a camera moves at different speeds. Null: one picture.</param>
    public void PaintTitleCard(LessonScript script, string path, string? textLayer = null)
    {
        var language = script.Language.Tag;
        var accent = Accent(script.CourseTitle);
        using var layers = new SlideLayers(accent, textLayer is not null);
        var canvas = layers.Text;
        DrawRings(layers.Background, script.Title, accent);

        if (script.CourseTitle.Length > 0)
        {
            var course = TextBlock.Fit(script.CourseTitle, fonts, FontRole.Regular, [30, 26], language, FullWidth, maxLines: 1);
            DrawCentered(canvas, course, top: 150, accent);
        }

        var title = TextBlock.Fit(script.Title, fonts, FontRole.Bold, TitleSizes, language, _titleWidth, maxLines: 5);
        const float top = 220, bottom = 640;
        DrawCentered(canvas, title, top + Math.Max(0, (bottom - top - title.Height) / 2), Ink);
        layers.Save(path, textLayer);
    }

    /// <param name="scene">The scene's number, from 1.</param>
    /// <param name="textLayer">As for <see cref="PaintTitleCard"/>.</param>
    /// <param name="pictures">The drawn diagrams and fetched pictures of the lesson's assets.</param>
    public void PaintScene(LessonScript script, int scene, string path, string? textLayer = null, AssetPictures? pictures = null)
    {
        var language = script.Language.Tag;
        var accent = Accent(script.CourseTitle);
        var current = script.Scenes[scene - 1];
        using var layers = new SlideLayers(accent, textLayer is not null);
        var canvas = layers.Text;

        var counter = TextBlock.Layout($"{scene} / {script.Scenes.Count}", fonts, FontRole.Regular, 26, "en", FullWidth, 1);
        var header = TextBlock.Layout(script.Title, fonts, FontRole.Bold, 28, language, FullWidth - counter.Width - 40, 1);
        var headerRightToLeft = header.Lines.Count > 0 && header.Lines[0].RightToLeft;
        DrawLines(canvas, header, Margin, Margin + FullWidth, top: 44, Muted, indent: 0);
        DrawLines(canvas, counter, headerRightToLeft ? Margin : Width - Margin - counter.Width, headerRightToLeft ? Margin + counter.Width : Width - Margin, top: 46, Muted, indent: 0);
        using (var rule = new SKPaint { Color = Muted.WithAlpha(60), StrokeWidth = 2 })
        {
            layers.Background.DrawLine(Margin, 104, Width - Margin, 104, rule);
        }

        var top = BodyTop;
        if (current.Heading.Length > 0 && !NotContent.Repeats(current.Heading, script.Title))
        {
            // Beside an asset the heading keeps to one line, leaving the asset the height.
            var heading = TextBlock.Fit(current.Heading, fonts, FontRole.Bold, HeadingSizes, language, _contentWidth, maxLines: current.Asset is null ? 2 : 1);
            DrawLines(canvas, heading, Margin, Margin + _contentWidth, top - 8, accent, indent: 0);
            top += heading.Height + 16;
        }

        var content = SlideContent.Parse(current.OnScreenText);
        var asset = current.Asset;
        var picture = asset is null ? null : pictures?.PathOf(asset.Id);
        if (asset is TableAsset || picture is not null)
        {
            DrawWithAsset(canvas, current, content, asset!, picture, pictures ?? AssetPictures.None, language, accent, top);
        }
        else
        {
            var body = SlideBody.Fit(content, fonts, language, PointSizes, _contentWidth, BodyBottom - top);
            body.Draw(canvas, Margin, top, _contentWidth, accent);
        }

        layers.Save(path, textLayer);
    }

    /// <summary>
    /// The asset beside the key points, in a column on the reading side; a wide picture (a mindmap, a flowchart from left to
    /// right) across the slide with the points under it, so its labels stay large enough to read.
    /// </summary>
    private void DrawWithAsset(SKCanvas canvas, Scene scene, SlideContent content, LessonAsset asset, string? picture, AssetPictures pictures, string language, SKColor accent, float top)
    {
        var points = content with { Code = null };
        if (picture is not null && AspectRatio(picture) > WideAspect && points.Points.Count > 0)
        {
            var under = SlideBody.Fit(points with { Points = points.Points.Take(2).ToList() }, fonts, language, PointSizesUnderAsset, _contentWidth, PointsUnderAsset);
            var box = new SKRect(Margin, top, Margin + _contentWidth, BodyBottom - under.Height - 20);
            AssetPanel.Draw(canvas, asset, pictures, fonts, language, box, accent);
            under.Draw(canvas, Margin, box.Bottom + 20, _contentWidth, accent);
            return;
        }

        var rightToLeft = TextDirection.IsRightToLeft(scene.OnScreenText + scene.Heading);
        var pointsWidth = points.Points.Count == 0 ? 0 : PointsBesideAsset;
        var assetWidth = _contentWidth - (pointsWidth == 0 ? 0 : pointsWidth + AssetGap);
        var assetLeft = rightToLeft || pointsWidth == 0 ? Margin : Margin + pointsWidth + AssetGap;
        var pointsLeft = rightToLeft ? Margin + assetWidth + AssetGap : Margin;
        // With a presenter the content column already ends left of its corner, so the asset may use the full height.
        var assetBox = new SKRect(assetLeft, top, assetLeft + assetWidth, BodyBottom);
        AssetPanel.Draw(canvas, asset, pictures, fonts, language, assetBox, accent);
        if (pointsWidth > 0)
        {
            var beside = SlideBody.Fit(points, fonts, language, PointSizesBesideAsset, pointsWidth, BodyBottom - top);
            beside.Draw(canvas, pointsLeft, top, pointsWidth, accent);
        }
    }

    private static float AspectRatio(string picture)
    {
        using var stream = File.OpenRead(picture);
        using var codec = SKCodec.Create(stream);
        return codec is null || codec.Info.Height == 0 ? 1 : codec.Info.Width / (float)codec.Info.Height;
    }

    /// <summary>A text layer with nothing on it, for scenes whose picture is a clip.</summary>
    public static void PaintEmptyLayer(string path)
    {
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        surface.Canvas.Clear(SKColors.Transparent);
        Save(surface, path);
    }

    /// <summary>The plain background, under scenes that show a generated clip instead of a slide.</summary>
    public static void PaintBackground(string path)
    {
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        surface.Canvas.Clear(Background);
        Save(surface, path);
    }

    internal static void DrawLines(SKCanvas canvas, TextBlock block, float left, float right, float top, SKColor color, float indent)
    {
        var baseline = top + block.Size;
        foreach (var line in block.Lines)
        {
            var x = line.RightToLeft ? right - indent - line.Width : left + indent;
            line.Draw(canvas, x, baseline, block.Size, color);
            baseline += block.LineHeight;
        }
    }

    private static void DrawCentered(SKCanvas canvas, TextBlock block, float top, SKColor color)
    {
        var baseline = top + block.Size;
        foreach (var line in block.Lines)
        {
            line.Draw(canvas, (Width - line.Width) / 2, baseline, block.Size, color);
            baseline += block.LineHeight;
        }
    }

    // Two faint rings placed by the title, so that thumbnails of the same course still differ at a glance.
    private static void DrawRings(SKCanvas canvas, string title, SKColor accent)
    {
        var hash = Hash(title);
        using var paint = new SKPaint { Color = accent.WithAlpha(34), IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 22 };
        canvas.DrawCircle(Width * (0.72f + (hash % 24) / 100f), Height * (0.05f + (hash >> 8) % 20 / 100f), 170 + (hash >> 16) % 90, paint);
        paint.StrokeWidth = 12;
        canvas.DrawCircle(Width * (0.04f + (hash >> 4) % 14 / 100f), Height * (0.82f + (hash >> 12) % 12 / 100f), 80 + (hash >> 20) % 60, paint);
    }

    /// <summary>A slide's background (colour, accent bar, ornaments) and its text: one picture, or two layers.</summary>
    private sealed class SlideLayers : IDisposable
    {
        private readonly SKSurface _background = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        private readonly SKSurface? _text;

        public SlideLayers(SKColor accent, bool separate)
        {
            Background.Clear(SlideTheme.Background);
            using var bar = new SKPaint { Color = accent };
            Background.DrawRect(0, 0, Width, 10, bar);
            if (separate)
            {
                _text = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul));
                _text.Canvas.Clear(SKColors.Transparent);
            }
        }

        public SKCanvas Background => _background.Canvas;

        public SKCanvas Text => (_text ?? _background).Canvas;

        public void Save(string path, string? textLayer)
        {
            SlidePainter.Save(_background, path);
            if (_text is not null && textLayer is not null)
            {
                SlidePainter.Save(_text, textLayer);
            }
        }

        public void Dispose()
        {
            _background.Dispose();
            _text?.Dispose();
        }
    }

    private static void Save(SKSurface surface, string path)
    {
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        png.SaveTo(file);
    }
}
