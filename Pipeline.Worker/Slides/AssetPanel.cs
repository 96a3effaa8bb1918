using SkiaSharp;
using VideoGen.Worker.Lessons;
using static VideoGen.Worker.Slides.SlideTheme;

namespace VideoGen.Worker.Slides;

/// <summary>
/// Draws a lesson's asset in a box of a slide: a table with its header row and cells that fit or end in an ellipsis
/// (columns from the right in right-to-left scripts), or a picture fitted without stretching on a light card, with its
/// caption beneath.
/// </summary>
public static class AssetPanel
{
    private const float CellPadding = 10;
    private const float CaptionSize = 20;
    private const float CardPadding = 14;
    private const int MaxLinesPerCell = 2;
    private static readonly float[] TableSizes = [26, 24, 22, 20, 18, 16, 14];

    /// <summary>Draws the asset; false when there is nothing to draw (a picture that was left out).</summary>
    public static bool Draw(SKCanvas canvas, LessonAsset asset, AssetPictures pictures, SlideFonts fonts, string language, SKRect box, SKColor accent)
    {
        switch (asset)
        {
            case TableAsset table:
                DrawTable(canvas, table, fonts, language, box, accent);
                return true;
            case DiagramAsset or ImageAsset when pictures.PathOf(asset.Id) is { } path:
                return DrawPicture(canvas, path, (asset as ImageAsset)?.Caption, fonts, language, box);
            default:
                return false;
        }
    }

    public static void DrawTable(SKCanvas canvas, TableAsset table, SlideFonts fonts, string language, SKRect box, SKColor accent)
    {
        var columns = Math.Max(table.Header.Count, table.Rows.Count == 0 ? 0 : table.Rows.Max(r => r.Count));
        if (columns == 0)
        {
            return;
        }

        var rightToLeft = TextDirection.IsRightToLeft(string.Join(' ', table.Header.Concat(table.Rows.SelectMany(r => r))));
        TableLayout? layout = null;
        foreach (var size in TableSizes)
        {
            layout = TableLayout.Build(table, columns, fonts, language, size, box.Width);
            if (layout.Height <= box.Height && !layout.Cut)
            {
                break;
            }
        }

        var rows = layout!.Rows;
        var shown = 0;
        var height = 0f;
        var ellipsisRow = layout.Size * 1.38f + 2 * CellPadding;
        while (shown < rows.Count && height + rows[shown].Height + (shown + 1 < rows.Count ? ellipsisRow : 0) <= box.Height)
        {
            height += rows[shown].Height;
            shown++;
        }

        using var headerFill = new SKPaint { Color = accent.WithAlpha(70), IsAntialias = true };
        using var stripe = new SKPaint { Color = CodeBackground, IsAntialias = true };
        using var rule = new SKPaint { Color = Muted.WithAlpha(90), StrokeWidth = 1 };
        var y = box.Top;
        for (var r = 0; r < shown; r++)
        {
            var row = rows[r];
            if (row.IsHeader)
            {
                canvas.DrawRect(box.Left, y, box.Width, row.Height, headerFill);
            }
            else if (r % 2 == 0)
            {
                canvas.DrawRect(box.Left, y, box.Width, row.Height, stripe);
            }

            var x = rightToLeft ? box.Right : box.Left;
            for (var c = 0; c < columns; c++)
            {
                var width = layout.Widths[c];
                var left = rightToLeft ? x - width : x;
                if (c < row.Cells.Count)
                {
                    SlidePainter.DrawLines(canvas, row.Cells[c], left + CellPadding, left + width - CellPadding, y + CellPadding, row.IsHeader ? Ink : Ink.WithAlpha(230), indent: 0);
                }

                x = rightToLeft ? x - width : x + width;
            }

            y += row.Height;
            canvas.DrawLine(box.Left, y, box.Right, y, rule);
        }

        if (shown < rows.Count)
        {
            var more = TextBlock.Layout($"{LineBreaker.Ellipsis} ({rows.Count - shown})", fonts, FontRole.Regular, layout.Size, "en", box.Width, 1);
            SlidePainter.DrawLines(canvas, more, box.Left + CellPadding, box.Right - CellPadding, y + CellPadding, Muted, indent: 0);
        }
    }

    public static bool DrawPicture(SKCanvas canvas, string path, string? caption, SlideFonts fonts, string language, SKRect box)
    {
        using var bitmap = SKBitmap.Decode(path);
        if (bitmap is null || bitmap.Width == 0 || bitmap.Height == 0)
        {
            return false;
        }

        var captionBlock = string.IsNullOrWhiteSpace(caption) ? null : TextBlock.Layout(caption, fonts, FontRole.Regular, CaptionSize, language, box.Width, 2);
        var room = new SKRect(box.Left, box.Top, box.Right, box.Bottom - (captionBlock is null ? 0 : captionBlock.Height + 10));
        var inner = new SKRect(room.Left + CardPadding, room.Top + CardPadding, room.Right - CardPadding, room.Bottom - CardPadding);
        var scale = Math.Min(inner.Width / bitmap.Width, inner.Height / bitmap.Height);
        var (width, height) = (bitmap.Width * scale, bitmap.Height * scale);
        var picture = SKRect.Create(inner.MidX - width / 2, inner.MidY - height / 2, width, height);

        // A white card behind the picture, the ground diagrams are drawn on: pictures with transparency need one too.
        using (var card = new SKPaint { Color = SKColors.White, IsAntialias = true })
        {
            var cardRect = SKRect.Inflate(picture, CardPadding, CardPadding);
            canvas.DrawRoundRect(cardRect, 14, 14, card);
        }

        using (var image = SKImage.FromBitmap(bitmap))
        {
            canvas.DrawImage(image, picture, new SKSamplingOptions(SKCubicResampler.Mitchell));
        }

        if (captionBlock is not null)
        {
            var top = picture.Bottom + CardPadding + 10;
            foreach (var line in captionBlock.Lines)
            {
                line.Draw(canvas, box.MidX - line.Width / 2, top + captionBlock.Size, captionBlock.Size, Muted);
                top += captionBlock.LineHeight;
            }
        }

        return true;
    }

    private sealed record TableRow(IReadOnlyList<TextBlock> Cells, bool IsHeader, float Height);

    /// <summary>A table laid out at one size: column widths after their content, cells wrapped to two lines at most.</summary>
    private sealed record TableLayout(IReadOnlyList<TableRow> Rows, IReadOnlyList<float> Widths, float Size, bool Cut)
    {
        public float Height => Rows.Sum(r => r.Height);

        public static TableLayout Build(TableAsset table, int columns, SlideFonts fonts, string language, float size, float width)
        {
            var all = (table.Header.Count > 0 ? [(table.Header, true)] : new List<(IReadOnlyList<string>, bool)>())
                .Concat(table.Rows.Select(r => (r, false))).ToList();

            // Each column gets room after its longest cell, at least an equal share's third, so that no column vanishes.
            var natural = Enumerable.Range(0, columns)
                .Select(c => all.Max(r => c < r.Item1.Count ? TextBlock.Layout(r.Item1[c], fonts, r.Item2 ? FontRole.Bold : FontRole.Regular, size, language, 10_000, 1).Width : 0) + 2 * CellPadding)
                .Select(w => Math.Max(w, width / columns / 3))
                .ToList();
            var total = natural.Sum();
            var widths = natural.Select(w => total <= width ? w * width / total : Shrink(w, natural, width)).ToList();
            var cut = false;
            var rows = all.Select(r =>
            {
                var cells = Enumerable.Range(0, columns)
                    .Select(c => TextBlock.Layout(c < r.Item1.Count ? r.Item1[c] : "", fonts, r.Item2 ? FontRole.Bold : FontRole.Regular, size, language, Math.Max(10, widths[c] - 2 * CellPadding), MaxLinesPerCell))
                    .ToList();
                cut |= cells.Any(b => b.Cut);
                var lines = Math.Max(1, cells.Max(b => b.Lines.Count));
                return new TableRow(cells, r.Item2, lines * size * 1.38f + 2 * CellPadding);
            }).ToList();
            return new TableLayout(rows, widths, size, cut);
        }

        // Too wide: wide columns give up room first, down to an equal share, so short columns stay whole.
        private static float Shrink(float w, List<float> natural, float width)
        {
            var share = width / natural.Count;
            var narrow = natural.Where(n => n <= share).Sum();
            var wide = natural.Where(n => n > share).Sum();
            return w <= share ? w : (width - narrow) * w / wide;
        }
    }
}
