using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using VideoGen.Tests.Lessons;
using VideoGen.Tests.Support;
using VideoGen.Worker.Lessons;

namespace VideoGen.Tests.Integration;

/// <summary>
/// A real course lesson made into a video by the worker process, watched as a viewer would: frames read back with
/// tesseract. The lesson's tables and diagrams are on its slides, its diagram source never is, and the video is as long
/// as the lesson asks for, with scenes under the lesson's own headings.
/// </summary>
public sealed partial class RealLessonVideoTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime, IDisposable
{
    private readonly TempFolder _folder = new();

    [GeneratedRegex(@"-->|graphTD|graphLR|flowchartT|mindmap|root\(\(|sequenceDiagram|:\d:You|```|pietitle|""\s*:\s*\d")]
    private static partial Regex DiagramSource();

    public Task InitializeAsync() => redis.FlushAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_long_lesson_becomes_minutes_of_slides_under_its_headings_showing_its_tables_and_diagrams_never_their_source()
    {
        var lesson = RealLessons.Read("intro-programming.en.md");
        var catalog = _folder.File("catalog.json", JsonSerializer.Serialize(new
        {
            courses = new[] { new { id = "web", title = "Web Development for Beginners", lessons = new[] { new { id = "intro", title = "Introduction to Programming", text = lesson.Text } } } },
        }));
        var output = Path.Combine(_folder.Path, "out");

        var result = await WorkerProcess.RunAsync(_folder.Path,
            ["--catalog", catalog, "--output", output, "--redis", redis.ConnectionString, "--review", "off", "--camera", "off", "--Providers:Local:VideoPreset=ultrafast"]);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        var video = Path.Combine(output, "web", "intro.mp4");
        var seconds = await Ffprobe.AssertPlayableLessonVideoAsync(video);
        Assert.InRange(seconds / 60, 5, 7.5);

        // The sketchnote is not beside this catalog: a warning, and the video is made.
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "report.json")))!["lessons"]![0]!;
        Assert.Contains(report["warnings"]!.AsArray(), w => w!.GetValue<string>().StartsWith("image-1 (Intro Programming) left out:", StringComparison.Ordinal));

        var frames = Path.Combine(_folder.Path, "frames");
        Directory.CreateDirectory(frames);
        // One frame of every slide: the first, and each where the picture changes (slides cut, the camera is off).
        await Tool.RunAsync("ffmpeg", "-v", "error", "-i", video, "-vf", "select='eq(n\\,0)+gt(scene\\,0.05)'", "-fps_mode", "vfr", Path.Combine(frames, "%03d.png"));
        var read = new List<string>();
        foreach (var frame in Directory.GetFiles(frames, "*.png").Where(f => !f.EndsWith(".ocr.png", StringComparison.Ordinal)).Order())
        {
            read.Add(await Ocr.ReadAsync(frame, "eng"));
        }

        var all = string.Concat(read);
        Assert.All(read, text => Assert.DoesNotMatch(DiagramSource(), text));

        // The table of languages, header and cells, and labels of the diagrams shown.
        foreach (var cell in new[] { "Language", "BestFor", "JavaScript", "Python", "Enterprise" })
        {
            Assert.Contains(cell, all);
        }

        // The pie chart of a developer's time: its title and labels are in the lesson nowhere but in the diagram's source.
        Assert.Contains("DeveloperTimeSpentWithTools", all);
        Assert.Contains("BrowserTesting", all);
        Assert.Contains("ReadingDocs", all);

        // Scene titles follow the lesson's sections.
        var document = MarkdownLessonReader.Read(lesson.Text);
        var headings = document.Sections.Select(s => new string(s.Heading.Where(c => !char.IsWhiteSpace(c)).ToArray())).Where(h => h.Length > 0).ToList();
        var shown = headings.Where(h => read.Any(text => Ocr.LettersFound(h, text) > 0.9 && text.Contains(h[..Math.Min(12, h.Length)], StringComparison.Ordinal))).ToList();
        Assert.True(shown.Count >= headings.Count * 2 / 3, $"headings on screen: {shown.Count} of {headings.Count}: {string.Join(", ", shown)}");
        Assert.True(read.Count > 10, read.Count.ToString(CultureInfo.InvariantCulture));
    }
}
