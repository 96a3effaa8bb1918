using System.Text.Json;
using System.Text.Json.Nodes;
using VideoGen.Tests.Support;

namespace VideoGen.Tests.Integration;

/// <summary>The real worker process against a real Redis, espeak-ng and ffmpeg.</summary>
public sealed class WorkerRunTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime, IDisposable
{
    private readonly TempFolder _folder = new();

    private string Output => Path.Combine(_folder.Path, "out");

    public Task InitializeAsync() => redis.FlushAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _folder.Dispose();

    private static string TinyCatalog(string loopsText = "A loop repeats work. The for loop walks over a list.") => JsonSerializer.Serialize(new
    {
        courses = new object[]
        {
            new
            {
                id = "python", title = "Python",
                lessons = new object[]
                {
                    new { id = "vars", title = "Variables", text = "A variable is a **name** for a value." },
                    new { id = "loops", title = "Loops", text = loopsText },
                },
            },
            new
            {
                id = "stats", title = "Statistics",
                lessons = new object[] { new { id = "mean", title = "The mean", text = "Add the values and divide by their count." } },
            },
        },
    });

    private Task<WorkerResult> Run(string catalog, params string[] extra) =>
        WorkerProcess.RunAsync(_folder.Path, ["--catalog", catalog, "--output", Output, "--redis", redis.ConnectionString, .. extra]);

    private JsonNode Report() => JsonNode.Parse(File.ReadAllText(Path.Combine(Output, "report.json")))!;

    private static string Status(JsonNode report, string lessonId) =>
        report["lessons"]!.AsArray().Single(l => (string)l!["lessonId"]! == lessonId)!["status"]!.GetValue<string>();

    private Dictionary<string, (DateTime, long)> VideoFiles() =>
        Directory.EnumerateFiles(Output, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith("report.", StringComparison.Ordinal))
            .ToDictionary(f => f, f => (File.GetLastWriteTimeUtc(f), new FileInfo(f).Length));

    [Fact]
    public async Task Makes_playable_videos_then_skips_them_until_one_is_deleted_or_changed()
    {
        var catalog = _folder.File("catalog.json", TinyCatalog());

        var first = await Run(catalog, "--Progress:Interval=00:00:00.200");

        Assert.True(first.ExitCode == 0, first.Output + first.Error);
        Assert.Matches(@"Progress \d+/3 \(\d+ ?%\): \d+ made, 0 skipped, 0 failed; [\d.]+ videos/min; .*; working: enhance \d+, narrate \d+, render \d+, store \d+", first.Output);
        Assert.Contains("all courses", first.Output);
        foreach (var lesson in new[] { "python/vars", "python/loops", "stats/mean" })
        {
            var duration = await Ffprobe.AssertPlayableLessonVideoAsync(Path.Combine(Output, lesson + ".mp4"));
            Assert.True(new FileInfo(Path.Combine(Output, lesson + ".jpg")).Length > 1000);
            AssertSubtitlesCoverTheNarration(File.ReadAllText(Path.Combine(Output, lesson + ".vtt")), duration);
        }

        var report = Report();
        Assert.Equal(3, report["totals"]!["succeeded"]!.GetValue<int>());
        Assert.Equal(1.0, report["totals"]!["successRate"]!.GetValue<double>());
        Assert.Equal("python/vars.mp4", report["lessons"]![0]!["video"]!.GetValue<string>());
        Assert.Equal(1, report["lessons"]![0]!["attempts"]!.GetValue<int>());
        Assert.True(report["lessons"]![0]!["stageMs"]!["render"]!.GetValue<long>() > 0);
        Assert.Equal(2, report["courses"]!.AsArray().Count);
        // The offline provider's own videos pass review as they are.
        Assert.All(report["lessons"]!.AsArray(), l => Assert.Equal((true, 0, 0),
            (l!["review"]!["passed"]!.GetValue<bool>(), l["review"]!["findings"]!.AsArray().Count, l["review"]!["remade"]!.GetValue<int>())));
        Assert.Contains("| python |", File.ReadAllText(Path.Combine(Output, "report.md")));
        Assert.False(Directory.Exists(Path.Combine(Output, ".work")));
        await AssertReportRendersWithThumbnails("made", loaded: 3);

        // A second run makes nothing and touches no file.
        var before = VideoFiles();
        var second = await Run(catalog);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(3, Report()["totals"]!["skipped"]!.GetValue<int>());
        Assert.Equal(before, VideoFiles());

        // A deleted video is made again, and only that one.
        File.Delete(Path.Combine(Output, "stats", "mean.mp4"));
        var third = await Run(catalog);
        Assert.Equal(0, third.ExitCode);
        Assert.Equal("succeeded", Status(Report(), "mean"));
        Assert.Equal("skipped", Status(Report(), "vars"));
        await Ffprobe.AssertPlayableLessonVideoAsync(Path.Combine(Output, "stats", "mean.mp4"));

        // A lesson whose text changed is made again.
        var changed = _folder.File("catalog.json", TinyCatalog("Loops repeat work until a condition changes."));
        var fourth = await Run(changed);
        Assert.Equal(0, fourth.ExitCode);
        Assert.Equal("succeeded", Status(Report(), "loops"));
        Assert.Equal("skipped", Status(Report(), "vars"));

        // --force makes everything again.
        var forced = await Run(changed, "--force");
        Assert.Equal(0, forced.ExitCode);
        Assert.Equal(3, Report()["totals"]!["succeeded"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_bad_lesson_fails_with_its_reason_and_the_rest_are_made()
    {
        var catalog = _folder.File("catalog.csv",
            "courseId,courseTitle,lessonId,lessonTitle,text,language\n" +
            "c,Course,ok,Les boucles,\"Une boucle répète le travail, puis elle s'arrête quand la condition change.\",zz\n" +
            "c,Course,../escape,Evil,Tries to leave the output folder.,\n" +
            "c,Course,empty,,,\n");

        var result = await Run(catalog);

        Assert.Equal(1, result.ExitCode);
        var report = Report();
        Assert.Equal("succeeded", Status(report, "ok"));
        Assert.Equal("failed", Status(report, "../escape"));
        Assert.Equal("failed", Status(report, "empty"));
        Assert.Contains("not a safe file name", report["lessons"]![1]!["error"]!.GetValue<string>());
        Assert.Contains("line 3", report["lessons"]![1]!["location"]!.GetValue<string>());
        Assert.Equal(2, report["totals"]!["failed"]!.GetValue<int>());
        // An unknown language code: warned about, the language detected from the text, and its voice used.
        var ok = report["lessons"]![0]!;
        Assert.Equal(("fr", "fr-fr"), (ok["language"]!.GetValue<string>(), ok["voice"]!.GetValue<string>()));
        Assert.Contains("'zz'", Assert.Single(ok["warnings"]!.AsArray())!.GetValue<string>());
        // Nothing was written anywhere but the good lesson's files and the reports: not beside the output folder, and
        // not in it under another name.
        var written = Directory.GetFiles(_folder.Path, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(_folder.Path, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
        Assert.Equal(["catalog.csv", "out/c/ok.jpg", "out/c/ok.json", "out/c/ok.mp4", "out/c/ok.vtt", "out/report.html", "out/report.json", "out/report.md"], written);
        var dom = await AssertReportRendersWithThumbnails("failed", loaded: 1);
        Assert.Contains("srclang=\"fr\"", dom);
        // The title card, as the thumbnail shows it, reads back with its accents.
        var thumbnail = await Ocr.ReadAsync(Path.Combine(Output, "c", "ok.jpg"), "fra");
        Assert.True(Ocr.LettersFound("Les boucles", thumbnail) >= 0.9, thumbnail);
        Assert.Contains("not a safe file name", dom);
        Assert.Contains("neither a title nor a text", dom);
    }

    private static void AssertSubtitlesCoverTheNarration(string vtt, double videoSeconds)
    {
        var cues = WebVttFile.Parse(vtt);
        Assert.NotEmpty(cues);
        Assert.Equal(TimeSpan.Zero, cues[0].Start);
        for (var i = 1; i < cues.Count; i++)
        {
            Assert.InRange((cues[i].Start - cues[i - 1].End).Duration().TotalMilliseconds, 0, 2);
            Assert.True(cues[i].End > cues[i].Start);
        }

        Assert.InRange(cues[^1].End.TotalSeconds, videoSeconds - 0.5, videoSeconds + 0.1);
        Assert.All(cues, c => Assert.DoesNotMatch(@"\*\*|`|\]\(|^#", c.Text));
    }

    /// <summary>Opens report.html in headless Chromium, keeps a screenshot, and returns the rendered page.</summary>
    private async Task<string> AssertReportRendersWithThumbnails(string name, int loaded)
    {
        var report = Path.Combine(Output, "report.html");
        var dom = await Chromium.DumpDomAsync(report);
        Assert.Contains("VideoGen run report", dom);
        Assert.Contains("Where time went", dom);
        Assert.Equal(loaded, System.Text.RegularExpressions.Regex.Count(dom, "data-loaded=\"true\""));
        Assert.DoesNotContain("data-loaded=\"false\"", dom);

        var screenshots = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots"));
        var png = Path.Combine(screenshots.FullName, $"report-{name}.png");
        await Chromium.ScreenshotAsync(report, png);
        Assert.True(new FileInfo(png).Length > 10_000, "the screenshot is empty");
        return dom;
    }

    [Fact]
    public async Task A_lesson_whose_files_cannot_be_written_fails_unmarked_and_is_made_by_the_next_run()
    {
        var catalog = _folder.File("catalog.json", TinyCatalog());
        Directory.CreateDirectory(Output);
        File.WriteAllText(Path.Combine(Output, "python"), "a file where the course folder should be");

        var blocked = await Run(catalog);

        Assert.Equal(1, blocked.ExitCode);
        var report = Report();
        Assert.Equal("failed", Status(report, "vars"));
        Assert.Contains("could not write the lesson's files", report["lessons"]![0]!["error"]!.GetValue<string>());
        Assert.Equal("succeeded", Status(report, "mean"));

        File.Delete(Path.Combine(Output, "python"));
        var freed = await Run(catalog);

        Assert.Equal(0, freed.ExitCode);
        Assert.Equal("succeeded", Status(Report(), "vars"));
        Assert.Equal("skipped", Status(Report(), "mean"));
    }

    [Fact]
    public async Task A_malformed_catalog_is_exit_2_naming_file_and_line()
    {
        var catalog = _folder.File("broken.json", "{\"courses\": [\n  {\"id\": \"a\",\n   \"lessons\": [ {\"id\": } ]}]}");

        var result = await Run(catalog);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("broken.json", result.Error);
        Assert.Contains("line 3", result.Error);
        Assert.False(File.Exists(Path.Combine(Output, "report.json")));
    }

    [Fact]
    public async Task Unreachable_redis_is_exit_2()
    {
        var catalog = _folder.File("catalog.json", TinyCatalog());

        var result = await WorkerProcess.RunAsync(_folder.Path,
            "--catalog", catalog, "--output", Output, "--redis", $"127.0.0.1:{RedisServer.FreePort()}");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Redis", result.Error);
    }

    [Theory]
    [InlineData("--provider", "nosuch", "Argument 'nosuch' not recognized")]
    [InlineData("--render-parallelism", "0", "RenderParallelism")]
    [InlineData("--bogus", "1", "unknown option '--bogus'")]
    public async Task Invalid_configuration_is_exit_2_with_what_is_wrong(string option, string value, string message)
    {
        var catalog = _folder.File("catalog.json", TinyCatalog());

        var result = await Run(catalog, option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
    }

    [Fact]
    public async Task Missing_catalog_argument_is_exit_2()
    {
        var result = await WorkerProcess.RunAsync(_folder.Path, "--output", Output, "--redis", redis.ConnectionString);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--catalog", result.Error);
    }
}
