using System.Text.Json;
using System.Text.Json.Nodes;
using VideoGen.Tests.Support;
using VideoGen.VertexEmulator;

namespace VideoGen.Tests.Integration;

/// <summary>
/// <c>--review gemini</c> against the emulator: Gemini watches every finished video and answers a quiz written from its
/// lesson; a scene it faults is made again once (a new, paid clip), a quiz it cannot answer from the video flags the
/// lesson with its score, and a review it cannot give flags the lesson rather than passing it unseen.
/// </summary>
public sealed class GeminiReviewTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime, IDisposable
{
    private readonly VertexWorkerRun _worker = new(redis) { Review = "gemini" };

    private VertexEmulatorServer Emulator => _worker.Emulator;

    public Task InitializeAsync() => _worker.InitializeAsync();

    public Task DisposeAsync() => _worker.DisposeAsync();

    public void Dispose() => _worker.Dispose();

    private string Catalog(params string[] subjects) => _worker.Folder.File("catalog.json", JsonSerializer.Serialize(new
    {
        courses = new[]
        {
            new
            {
                id = "animals", title = "Animals",
                lessons = subjects.Select(s => new { id = s.ToLowerInvariant(), title = s, text = $"{s} live in many places. {s} are studied by biologists." }),
            },
        },
    }));

    private JsonNode Review(string id) =>
        _worker.Report()["lessons"]!.AsArray().Single(l => l!["lessonId"]!.GetValue<string>() == id)!["review"]!;

    private int PaidFor(string subject) => Emulator.State.PaidPerPrompt.Where(p => p.Key.Contains(subject, StringComparison.Ordinal)).Sum(p => p.Value);

    [Fact]
    public async Task A_scene_Gemini_faults_gets_a_new_clip_once_and_the_quiz_is_written_once_per_lesson()
    {
        Emulator.State.Script(new FaultScript
        {
            ReviewProblems = { ["Zebras"] = new ReviewProblem(1, "The picture shows a beach while the narration is about zebras") },
            MalformedReviews = 1,
        });

        var result = await _worker.RunAsync(Catalog("Zebras", "Owls"));

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        var zebras = Review("zebras");
        Assert.Equal((true, 1, 1.0), (zebras["passed"]!.GetValue<bool>(), zebras["remade"]!.GetValue<int>(), zebras["score"]!.GetValue<double>()));
        Assert.Equal((true, 0), (Review("owls")["passed"]!.GetValue<bool>(), Review("owls")["remade"]!.GetValue<int>()));
        Assert.Equal((2, 1), (PaidFor("Zebras"), PaidFor("Owls")));
        // Two lessons, one remade video, one answer cut short and asked again; the remade video kept its quiz.
        Assert.Equal((2, 4), (Emulator.Count("quiz"), Emulator.Count("review")));
        Assert.All(Emulator.State.ReviewedVideos, v => Assert.Equal("inline", v));
        Assert.True(zebras["tokens"]!.GetValue<long>() > 3 * 290, "the tokens of watching two videos and writing a quiz");
        Assert.Matches(@"Gemini reviewed 2 videos with \d+ tokens \(estimated \$\d+\.\d\d, part of the cost above\); average quiz score 100%", File.ReadAllText(Path.Combine(_worker.Output, "report.md")));
    }

    [Fact]
    public async Task A_quiz_the_video_does_not_answer_flags_the_lesson_with_its_score()
    {
        Emulator.State.Script(new FaultScript { WrongQuizAnswers = ["Owls"] });

        var result = await _worker.RunAsync(Catalog("Owls"));

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        var owls = Review("owls");
        Assert.Equal((false, 0.0, 1), (owls["passed"]!.GetValue<bool>(), owls["score"]!.GetValue<double>(), owls["remade"]!.GetValue<int>()));
        Assert.Contains("Gemini answered 0 of 3 quiz questions right from the video alone (needs 2)", owls["findings"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal(1, _worker.Report()["totals"]!["flagged"]!.GetValue<int>());
        Assert.Contains("quiz 0%", File.ReadAllText(Path.Combine(_worker.Output, "report.html")));
    }

    [Fact]
    public async Task With_an_output_bucket_the_video_is_uploaded_and_Gemini_reads_it_from_there()
    {
        var result = await _worker.RunAsync(Catalog("Owls"),
            "--Vertex:OutputStorageUri=gs://videogen-test/clips", $"--Vertex:StorageBaseUrl={Emulator.Url}");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.True(Review("owls")["passed"]!.GetValue<bool>());
        var watched = Assert.Single(Emulator.State.ReviewedVideos);
        Assert.Matches(@"^gs://videogen-test/clips/review/animals/owls/[0-9a-f]{16}\.mp4$", watched);
        Assert.Equal(1, Emulator.Count("upload"));
    }

    [Fact]
    public async Task A_review_Gemini_refuses_flags_the_video_and_keeps_it()
    {
        Emulator.State.Script(new FaultScript { Faults = { ["review"] = [400, 400] } });

        var result = await _worker.RunAsync(Catalog("Owls"));

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        var owls = Review("owls");
        Assert.False(owls["passed"]!.GetValue<bool>());
        Assert.StartsWith("Gemini could not review the video: generateContent answered 400", owls["findings"]![0]!.GetValue<string>());
        Assert.True(File.Exists(Path.Combine(_worker.Output, "animals", "owls.mp4")));
    }

    [Fact]
    public async Task With_the_gemini_provider_the_review_goes_through_the_Gemini_API()
    {
        var worker = new VertexWorkerRun(redis) { GeminiApi = true, Review = "gemini" };
        await worker.InitializeAsync();
        try
        {
            var result = await worker.RunAsync(Catalog("Owls"));

            Assert.True(result.ExitCode == 0, result.Output + result.Error);
            Assert.Equal((1, 1), (worker.Emulator.Count("quiz"), worker.Emulator.Count("review")));
            Assert.Equal("inline", Assert.Single(worker.Emulator.State.ReviewedVideos));
            var review = worker.Report()["lessons"]![0]!["review"]!;
            Assert.Equal((true, 1.0), (review["passed"]!.GetValue<bool>(), review["score"]!.GetValue<double>()));
        }
        finally
        {
            await worker.DisposeAsync();
            worker.Dispose();
        }
    }

    [Fact]
    public async Task The_dry_run_counts_the_review_tokens_and_calls_nothing()
    {
        var result = await _worker.RunAsync(Catalog("Zebras", "Owls"), "--dry-run");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Matches(@"estimated cost \$\d+\.\d\d, of which \$\d+\.\d\d for about [\d,]+ Gemini tokens to review the videos\.", result.Output);
        Assert.Equal(0, Emulator.Count("quiz") + Emulator.Count("review"));
    }

    [Fact]
    public async Task Gemini_review_without_the_vertex_provider_is_a_start_up_error()
    {
        var result = await WorkerProcess.RunAsync(_worker.Folder.Path,
            ["--catalog", Catalog("Owls"), "--output", _worker.Output, "--redis", redis.ConnectionString, "--review", "gemini", "--Progress:Mode=Off"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--review gemini (Review:Mode) needs --provider vertex", result.Output + result.Error);
    }
}
