using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using VideoGen.Tests.Support;
using VideoGen.VertexEmulator;

namespace VideoGen.Tests.Integration;

/// <summary>
/// Illustrated scenes against the emulator and a real Redis: the Gemini image model's pictures on the slides (found in
/// the frames), kept so that a lesson made again pays nothing, one look per course in every prompt, Veo clips that
/// start from their scene's picture, each fault falling back to the text slide with a warning, and the dry run's price.
/// </summary>
public sealed class IllustrationTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime, IDisposable
{
    // The emulator's illustrations are filled with this colour (Images.FillColor), found nowhere else on a slide.
    private static readonly (int R, int G, int B) Fill = (0xC8, 0x34, 0x8C);

    private const decimal FlashImagePrice = 0.039m;

    private readonly VertexWorkerRun _worker = new(redis);

    private VertexEmulatorServer Emulator => _worker.Emulator;

    public Task InitializeAsync() => _worker.InitializeAsync();

    public Task DisposeAsync() => _worker.DisposeAsync();

    public void Dispose() => _worker.Dispose();

    private string Catalog(int lessons = 1) => _worker.Folder.File("catalog.json", JsonSerializer.Serialize(new
    {
        courses = new[]
        {
            new
            {
                id = "python", title = "Python basics",
                lessons = Enumerable.Range(1, lessons).Select(i => new
                {
                    id = $"lesson{i}", title = $"Lesson {i}",
                    text = "A loop repeats work. The for loop walks over a list. The while loop runs until a condition is false. " +
                           "Loops can be nested. A break statement leaves the loop early. A continue statement skips to the next round.",
                }).ToArray(),
            },
        },
    }));

    private JsonObject Lesson(string id) => _worker.Report()["lessons"]!.AsArray().Single(l => l!["lessonId"]!.GetValue<string>() == id)!.AsObject();

    private decimal SpentOn(string purpose) => _worker.Report()["spend"]!["byPurpose"]![purpose]?.GetValue<decimal>() ?? 0;

    [Fact]
    public async Task Every_scene_shows_its_illustration_in_one_look_per_course_and_a_lesson_made_again_pays_for_none()
    {
        var catalog = Catalog(lessons: 2);
        var result = await _worker.RunAsync(catalog, "--visuals", "images");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Equal(0, Emulator.Count("predictLongRunning"));
        var images = Emulator.Count("image");
        Assert.Equal(6, images);
        Assert.Equal(images * FlashImagePrice, SpentOn("images"));

        // Every scene after the title card shows the picture: frames through the whole video, a third of them each.
        var video = Path.Combine(_worker.Output, "python", "lesson1.mp4");
        var duration = await Ffprobe.AssertPlayableLessonVideoAsync(video);
        foreach (var at in new[] { 0.2, 0.35, 0.5, 0.65, 0.8, 0.95 }.Select(f => f * duration))
        {
            var share = FillShare(await Frames.SmallRgbAsync(video, at, 160, 90));
            Assert.True(share > 0.2, $"{share:P0} of the frame at {at:0.0} s is the illustration");
        }

        // One look for the course: the same style sentence and course in every prompt, and no text asked for.
        var prompts = Emulator.State.ImagePrompts.ToList();
        var looks = prompts.Select(p => p[..p.IndexOf("This picture shows:", StringComparison.Ordinal)]).Distinct().ToList();
        Assert.Single(looks);
        Assert.Contains("Python basics", looks[0]);
        Assert.All(prompts, p => Assert.Contains("No text", p));

        // Made again unchanged: the kept pictures are used, none is asked for.
        var again = await _worker.RunAsync(catalog, "--visuals", "images", "--force");
        Assert.True(again.ExitCode == 0, again.Output + again.Error);
        Assert.Equal(images, Emulator.Count("image"));
        Assert.Equal(0m, SpentOn("images"));
    }

    [Fact]
    public async Task A_clip_starts_from_its_scenes_illustration_and_the_other_scenes_show_theirs()
    {
        var result = await _worker.RunAsync(Catalog(lessons: 2), "--visuals", "both");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Equal(2, Emulator.Count("predictLongRunning"));
        Assert.Equal(2, Emulator.State.FirstFrames.Count);
        Assert.Equal(6, Emulator.Count("image"));
        Assert.Equal(0.8m, SpentOn("clips"));
        Assert.Equal(6 * FlashImagePrice, SpentOn("images"));
    }

    [Fact]
    public async Task A_safety_block_a_text_answer_and_a_broken_picture_leave_text_slides_with_warnings_and_a_429_is_waited_out()
    {
        Emulator.State.Script(new FaultScript
        {
            Faults = new() { ["image"] = [429] },
            ImageAnswers = ["IMAGE_SAFETY", "text", "malformed"],
        });

        var result = await _worker.RunAsync(Catalog(), "--visuals", "images", "--GoogleAI:ImageRequestsAtOnce=1");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        var warnings = string.Join("\n", Lesson("lesson1")["warnings"]!.AsArray().Select(w => w!.GetValue<string>()));
        Assert.Contains("IMAGE_SAFETY", warnings);
        Assert.Contains("without a picture", warnings);
        Assert.Contains("does not decode", warnings);
        Assert.Equal(4, Emulator.Count("image"));
        // Only the broken picture was drawn, so paid: a block and a text answer are not.
        Assert.Equal(FlashImagePrice, SpentOn("images"));

        // No scene has a picture: nothing of the illustration's colour anywhere.
        var video = Path.Combine(_worker.Output, "python", "lesson1.mp4");
        var duration = await Ffprobe.AssertPlayableLessonVideoAsync(video);
        Assert.True(FillShare(await Frames.SmallRgbAsync(video, duration * 0.6, 160, 90)) < 0.01);
    }

    [Fact]
    public async Task The_dry_run_prices_the_illustrations_and_the_local_provider_refuses_them()
    {
        var dry = await _worker.RunAsync(Catalog(lessons: 3), "--visuals", "images", "--dry-run");

        Assert.True(dry.ExitCode == 0, dry.Output + dry.Error);
        Assert.Matches(@"with 0 Veo clips \(0 s of generated video\), up to \d+ illustrations \(\$\d+\.\d\d\)", dry.Output);
        Assert.Equal(0, Emulator.Count("image"));

        var local = await WorkerProcess.RunAsync(_worker.Folder.Path, [
            "--catalog", Catalog(), "--output", _worker.Output, "--redis", redis.ConnectionString, "--visuals", "both"]);
        Assert.Equal(2, local.ExitCode);
        Assert.Contains("--provider vertex or gemini", local.Error);
    }

    [Fact]
    public async Task The_gemini_api_draws_them_too()
    {
        var gemini = new VertexWorkerRun(redis) { GeminiApi = true };
        await gemini.InitializeAsync();
        try
        {
            var result = await gemini.RunAsync(Catalog(), "--visuals", "images");

            Assert.True(result.ExitCode == 0, result.Output + result.Error);
            Assert.Equal(3, gemini.Emulator.Count("image"));
            var video = Path.Combine(gemini.Output, "python", "lesson1.mp4");
            var duration = await Ffprobe.AssertPlayableLessonVideoAsync(video);
            Assert.True(FillShare(await Frames.SmallRgbAsync(video, duration * 0.6, 160, 90)) > 0.2);
        }
        finally
        {
            await gemini.DisposeAsync();
            gemini.Dispose();
        }
    }

    private static double FillShare(byte[] rgb)
    {
        var near = 0;
        for (var i = 0; i + 2 < rgb.Length; i += 3)
        {
            if (Math.Abs(rgb[i] - Fill.R) < 30 && Math.Abs(rgb[i + 1] - Fill.G) < 30 && Math.Abs(rgb[i + 2] - Fill.B) < 30)
            {
                near++;
            }
        }

        return near / (rgb.Length / 3.0);
    }
}
