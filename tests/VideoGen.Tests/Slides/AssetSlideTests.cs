using Microsoft.Extensions.Options;
using SkiaSharp;
using VideoGen.Tests.Lessons;
using VideoGen.Tests.Support;
using VideoGen.Worker.Lessons;
using VideoGen.Worker.Providers.Local;
using VideoGen.Worker.Slides;
using VideoGen.Worker.Stages;
using VideoGen.Worker.Text;

namespace VideoGen.Tests.Slides;

/// <summary>Every kind of diagram mermaid draws, drawn once for the tests that show them (one Chromium launch).</summary>
public sealed class DrawnDiagrams : IAsyncLifetime
{
    public static readonly DiagramAsset[] EveryKind =
    [
        new("diagram-1", "flowchart", "flowchart LR\n  A[Write code] --> B{Does it run}\n  B -->|yes| C[Ship it]\n  B -->|no| D[Debug]"),
        new("diagram-2", "sequenceDiagram", "sequenceDiagram\n  Browser->>Server: GET /lesson\n  Server-->>Browser: 200 OK"),
        new("diagram-3", "classDiagram", "classDiagram\n  class Animal {\n    +String name\n    +speak()\n  }\n  Animal <|-- Dog"),
        new("diagram-4", "stateDiagram-v2", "stateDiagram-v2\n  [*] --> Draft\n  Draft --> Published\n  Published --> [*]"),
        new("diagram-5", "mindmap", "mindmap\n  root((Languages))\n    JavaScript\n    Python"),
        new("diagram-6", "journey", "journey\n  title Learning\n  section Discover\n    Read the lesson: 5: You"),
        new("diagram-7", "pie", "pie title Editors\n  \"VS Code\" : 70\n  \"Others\" : 30"),
    ];

    private readonly TempFolder _folder = new();

    public Dictionary<string, string> Paths { get; private set; } = [];

    public List<string> Warnings { get; private set; } = [];

    public async Task InitializeAsync() =>
        (Paths, Warnings) = await new MermaidDiagrams(Options.Create(new DiagramOptions())).DrawAsync(EveryKind, _folder.Path, CancellationToken.None);

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>Table, diagram and picture slides, drawn for real (mermaid-cli in Chromium) and read back with tesseract.</summary>
public sealed class AssetSlideTests(DrawnDiagrams drawn) : IClassFixture<DrawnDiagrams>, IDisposable
{
    private static readonly DiagramAsset[] EveryKind = DrawnDiagrams.EveryKind;
    private readonly TempFolder _folder = new();
    private readonly SlidePainter _painter = new LocalProviderOptions().Painter();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Mermaid_draws_every_kind_of_diagram_in_one_browser()
    {
        Assert.Empty(drawn.Warnings);
        Assert.Equal(EveryKind.Select(d => d.Id), drawn.Paths.Keys.Order());
        foreach (var path in drawn.Paths.Values)
        {
            using var bitmap = SKBitmap.Decode(path);
            Assert.True(bitmap is { Width: > 100, Height: > 50 }, path);
        }
    }

    [Fact]
    public async Task A_diagram_mermaid_cannot_draw_is_left_out_with_a_warning_and_the_others_are_drawn()
    {
        var diagrams = new MermaidDiagrams(Options.Create(new DiagramOptions()));
        DiagramAsset[] some = [EveryKind[0], new("diagram-2", "graph", "graph TD\n  A[ -->")];

        var (paths, warnings) = await diagrams.DrawAsync(some, _folder.Path, CancellationToken.None);

        Assert.Equal(["diagram-1"], paths.Keys);
        Assert.Equal("diagram-2 (graph) left out: mermaid could not draw it (a syntax error near 'graph TD  A[ -->')", Assert.Single(warnings));
    }

    [Fact]
    public async Task Without_mermaid_cli_every_diagram_is_left_out_with_a_warning_that_says_how_to_install_it()
    {
        var diagrams = new MermaidDiagrams(Options.Create(new DiagramOptions { Command = "/nonexistent/mmdc" }));

        var (paths, warnings) = await diagrams.DrawAsync([EveryKind[0]], _folder.Path, CancellationToken.None);

        Assert.Empty(paths);
        Assert.Contains("scripts/install-prerequisites.sh installs it", Assert.Single(warnings));
    }

    [Fact]
    public async Task A_diagram_slide_shows_the_diagrams_labels_beside_its_points_and_never_its_source()
    {
        var paths = new Dictionary<string, string> { ["diagram-1"] = drawn.Paths["diagram-1"] };
        var scene = new Scene("Code is written, run and fixed.", "Write the code\nRun it", "") { Heading = "The loop of work", Asset = EveryKind[0] };

        var text = await PaintAndReadAsync(scene, new AssetPictures(paths, []));

        Assert.Contains("Theloopofwork", text);
        Assert.Contains("Writethecode", text);
        Assert.Contains("Shipit", text);
        Assert.Contains("Debug", text);
        Assert.DoesNotContain("-->", text);
        Assert.DoesNotContain("flowchart", text);
    }

    [Fact]
    public async Task A_table_slide_shows_the_header_row_and_the_cells_of_a_real_lesson()
    {
        var lesson = RealLessons.Read("intro-programming.en.md");
        var table = MarkdownLessonReader.Read(lesson.Text).Assets.OfType<TableAsset>().First();
        var scene = new Scene("Languages suit different work.", "Each language has its strengths", "") { Heading = "Popular languages", Asset = table };

        var text = await PaintAndReadAsync(scene, AssetPictures.None);

        foreach (var cell in new[] { "Language", "BestFor", "JavaScript", "Python", "Enterprise", "Strong" })
        {
            Assert.Contains(cell, text);
        }
    }

    [Fact]
    public async Task A_cell_too_long_is_cut_with_an_ellipsis_and_the_rows_that_do_not_fit_are_counted()
    {
        var rows = Enumerable.Range(1, 40).Select(i => (IReadOnlyList<string>)[$"Row {i}", string.Concat(Enumerable.Repeat("very long cell text ", 30))]).ToList();
        var table = new TableAsset("table-1", ["Name", "Notes"], rows);
        var path = System.IO.Path.Combine(_folder.Path, "long-table.png");
        using (var surface = SKSurface.Create(new SKImageInfo(1280, 720)))
        {
            surface.Canvas.Clear(SlideTheme.Background);
            var options = new LocalProviderOptions();
            AssetPanel.DrawTable(surface.Canvas, table, new SlideFonts(options.FontFile, options.BoldFontFile, options.CodeFontFile), "en", new SKRect(80, 140, 1200, 600), SKColors.SkyBlue);
            using var png = surface.Snapshot().Encode(SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(path, png.ToArray());

            // Nothing is drawn below the box.
            using var bitmap = SKBitmap.Decode(path);
            Assert.DoesNotContain(Enumerable.Range(0, 1280).SelectMany(x => Enumerable.Range(602, 118).Select(y => bitmap.GetPixel(x, y))), p => p != SlideTheme.Background);
        }

        var text = await Ocr.ReadAsync(path, "eng");
        Assert.Contains("Row1", text);
        Assert.DoesNotContain("Row40", text);
        var left = System.Text.RegularExpressions.Regex.Match(text, @"\((\d+)\)");
        Assert.True(left.Success, text);
        Assert.InRange(int.Parse(left.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 20, 39);
        Assert.True(text.Contains('…') || text.Contains("...", StringComparison.Ordinal), text);
    }

    [Fact]
    public async Task A_right_to_left_table_starts_its_first_column_on_the_right()
    {
        var table = new TableAsset("table-1", ["اللغة", ""], [["جافاسكريبت لتطوير الويب والتطبيقات التفاعلية", ""], ["بايثون لعلوم البيانات والذكاء الاصطناعي", ""]]);
        var scene = new Scene("نص.", "", "") { Asset = table };
        var path = System.IO.Path.Combine(_folder.Path, "rtl.png");
        new LessonScript("درس", "دورة", [scene]) { Language = new LanguageChoice("ar", Detected: false) }.Paint(_painter, path);

        using var bitmap = SKBitmap.Decode(path);
        var (left, right) = (0, 0);
        for (var y = 150; y < 600; y++)
        {
            for (var x = 80; x < 1200; x++)
            {
                var p = bitmap.GetPixel(x, y);
                if (p.Red > 200 && p.Green > 200 && p.Blue > 200)
                {
                    _ = x < 640 ? left++ : right++;
                }
            }
        }

        Assert.True(right > 3 * left, $"bright pixels left {left}, right {right}");
        Assert.True(Ocr.LettersFound("جافاسكريبت", await Ocr.ReadAsync(path, "ara")) > 0.6);
    }

    [Fact]
    public async Task A_picture_slide_fits_the_picture_without_stretching_and_shows_its_caption()
    {
        // A wide red picture: fitted, its red area keeps its 3:1 shape.
        var picture = System.IO.Path.Combine(_folder.Path, "wide.png");
        using (var surface = SKSurface.Create(new SKImageInfo(900, 300)))
        {
            surface.Canvas.Clear(SKColors.Red);
            using var png = surface.Snapshot().Encode(SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(picture, png.ToArray());
        }

        var image = new ImageAsset("image-1", picture, "A red band", "Drawn by the tests");
        var scene = new Scene("A picture.", "", "") { Heading = "Pictures", Asset = image };
        var path = System.IO.Path.Combine(_folder.Path, "picture.png");
        new LessonScript("Lesson", "Course", [scene]).Paint(_painter, path, new AssetPictures(new Dictionary<string, string> { ["image-1"] = picture }, []));

        using var bitmap = SKBitmap.Decode(path);
        var red = Enumerable.Range(0, 1280).SelectMany(x => Enumerable.Range(0, 720).Select(y => (x, y))).Where(p => bitmap.GetPixel(p.x, p.y) is { Red: > 200, Green: < 60, Blue: < 60 }).ToList();
        var width = red.Max(p => p.x) - red.Min(p => p.x) + 1;
        var height = red.Max(p => p.y) - red.Min(p => p.y) + 1;
        Assert.InRange(width / (double)height, 2.9, 3.1);
        Assert.Contains("Drawnbythetests", await Ocr.ReadAsync(path, "eng"));
    }

    private async Task<string> PaintAndReadAsync(Scene scene, AssetPictures pictures)
    {
        var path = System.IO.Path.Combine(_folder.Path, $"{Guid.NewGuid():N}.png");
        new LessonScript("Lesson", "Course", [scene]).Paint(_painter, path, pictures);
        return await Ocr.ReadAsync(path, "eng");
    }
}

file static class ScriptPainting
{
    public static void Paint(this LessonScript script, SlidePainter painter, string path, AssetPictures? pictures = null) =>
        painter.PaintScene(script, 1, path, pictures: pictures);
}
