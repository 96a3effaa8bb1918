using System.Text.Json;
using System.Text.Json.Nodes;
using VideoGen.Tests.Support;
using VideoGen.VertexEmulator;

namespace VideoGen.Tests.Integration;

/// <summary>
/// Every video is reviewed before it is stored: a black, silent clip from Veo is made again once (paid once more, and
/// reported), and a video that still fails is stored flagged with what was found, never passed silently.
/// </summary>
public sealed class ReviewTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime, IDisposable
{
    private const string BadPrompt = "Zebras";
    private readonly VertexWorkerRun _worker = new(redis) { Review = "local" };

    private VertexEmulatorServer Emulator => _worker.Emulator;

    public Task InitializeAsync() => _worker.InitializeAsync();

    public Task DisposeAsync() => _worker.DisposeAsync();

    public void Dispose() => _worker.Dispose();

    private string Catalog() => _worker.Folder.File("catalog.json", JsonSerializer.Serialize(new
    {
        courses = new[]
        {
            new
            {
                id = "animals", title = "Animals",
                lessons = new[]
                {
                    new { id = "zebras", title = "Zebras", text = $"{BadPrompt} have stripes that confuse flies. Each zebra's pattern is its own." },
                    new { id = "owls", title = "Owls", text = "Owls hunt at night with silent wings. Their eyes face forward." },
                },
            },
        },
    }));

    private JsonNode Lesson(string id) => _worker.Report()["lessons"]!.AsArray().Single(l => l!["lessonId"]!.GetValue<string>() == id)!;

    private int PaidFor(string subject) => Emulator.State.PaidPerPrompt.Where(p => p.Key.Contains(subject, StringComparison.Ordinal)).Sum(p => p.Value);

    [Fact]
    public async Task A_black_silent_clip_is_made_again_once_and_the_stored_video_has_no_black()
    {
        Emulator.State.Script(new FaultScript { BadClipPrompts = [BadPrompt] });

        var result = await _worker.RunAsync(Catalog());

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        var zebras = Lesson("zebras");
        Assert.Equal((true, 1), (zebras["review"]!["passed"]!.GetValue<bool>(), zebras["review"]!["remade"]!.GetValue<int>()));
        Assert.Equal(0, Lesson("owls")["review"]!["remade"]!.GetValue<int>());
        Assert.Equal((2, 1), (PaidFor(BadPrompt), PaidFor("Owls")));
        Assert.Equal(3, _worker.Report()["spend"]!["veoClips"]!.GetValue<int>());
        Assert.Empty(await BlackStretchesAsync(Path.Combine(_worker.Output, "animals", "zebras.mp4")));
    }

    [Fact]
    public async Task A_video_still_failing_after_its_remake_is_stored_flagged_with_the_finding()
    {
        Emulator.State.Script(new FaultScript { BadClipPrompts = [BadPrompt], BadClipsEveryTime = true });

        var result = await _worker.RunAsync(Catalog());

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        var review = Lesson("zebras")["review"]!;
        Assert.Equal((false, 1), (review["passed"]!.GetValue<bool>(), review["remade"]!.GetValue<int>()));
        var finding = Assert.Single(review["findings"]!.AsArray(), f => f!.GetValue<string>().Contains("black picture", StringComparison.Ordinal))!.GetValue<string>();
        Assert.Matches(@"^\d+\.\d s of black picture at 0:\d\d \(scene 1, generated clip\)$", finding);
        Assert.Equal("succeeded", Lesson("zebras")["status"]!.GetValue<string>());
        Assert.Equal(2, PaidFor(BadPrompt));
        Assert.Equal(1, _worker.Report()["totals"]!["flagged"]!.GetValue<int>());
        Assert.NotEmpty(await BlackStretchesAsync(Path.Combine(_worker.Output, "animals", "zebras.mp4")));
        Assert.Contains("| zebras | flagged | 1 |", File.ReadAllText(Path.Combine(_worker.Output, "report.md")));
        Assert.Contains("flagged by review", File.ReadAllText(Path.Combine(_worker.Output, "report.html")));
    }

    /// <summary>ffmpeg's blackdetect over the stored video, independent of the worker's own review.</summary>
    private static async Task<List<string>> BlackStretchesAsync(string video)
    {
        var (_, log) = await Tool.RunAsync("ffmpeg", "-hide_banner", "-nostats", "-i", video, "-vf", "blackdetect=d=0.5:pix_th=0.05", "-an", "-f", "null", "-");
        return [.. log.Split('\n').Where(l => l.Contains("black_start", StringComparison.Ordinal))];
    }
}
