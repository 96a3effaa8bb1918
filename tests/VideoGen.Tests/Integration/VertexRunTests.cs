using System.Text.Json;
using System.Text.Json.Nodes;
using VideoGen.Tests.Support;
using VideoGen.VertexEmulator;
using VideoGen.Worker.Ledger;
using VideoGen.Worker.Providers.GoogleAI;

namespace VideoGen.Tests.Integration;

/// <summary>The real worker with the vertex provider against the emulator and a real Redis.</summary>
public sealed class VertexRunTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime, IDisposable
{
    private readonly VertexWorkerRun _worker = new(redis);

    private VertexEmulatorServer Emulator => _worker.Emulator;

    private string Output => _worker.Output;

    public Task InitializeAsync() => _worker.InitializeAsync();

    public Task DisposeAsync() => _worker.DisposeAsync();

    public void Dispose() => _worker.Dispose();

    private Task<WorkerResult> Run(string catalog, params string[] extra) => _worker.RunAsync(catalog, extra);

    private string[] Arguments(string catalog, params string[] extra) => _worker.Arguments(catalog, extra);

    private JsonNode Report() => _worker.Report();

    private string Catalog(int lessons = 1) => _worker.Folder.File("catalog.json", JsonSerializer.Serialize(new
    {
        courses = new[]
        {
            new
            {
                id = "python", title = "Python",
                lessons = Enumerable.Range(1, lessons).Select(i => new
                {
                    id = $"lesson{i}", title = $"Lesson {i}",
                    text = "A loop repeats work. The for loop walks over a list. The while loop runs until a condition is false.",
                }).ToArray(),
            },
        },
    }));

    [Fact]
    public async Task A_lesson_is_scripted_narrated_and_rendered_with_one_clip_and_the_token_never_shows()
    {
        var result = await Run(Catalog(2));

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        foreach (var lesson in new[] { "lesson1", "lesson2" })
        {
            await Ffprobe.AssertPlayableLessonVideoAsync(Path.Combine(Output, "python", lesson + ".mp4"));
            var vtt = File.ReadAllText(Path.Combine(Output, "python", lesson + ".vtt"));
            Assert.DoesNotContain("**", vtt);
            Assert.DoesNotContain("#", vtt);
        }

        // Per lesson: one script, one clip, and speech for the title and each of the emulator's three scenes.
        Assert.Equal(2, Emulator.Count("generateContent"));
        Assert.Equal(2, Emulator.Count("predictLongRunning"));
        Assert.Equal(8, Emulator.Count("tts"));
        Assert.True(Emulator.Count("fetchPredictOperation") >= 2);
        Assert.Equal($"Bearer {VertexEmulatorServer.Token}", Emulator.State.LastAuthorization);

        var written = string.Join("\n", Directory.EnumerateFiles(Output, "report.*").Select(File.ReadAllText));
        Assert.DoesNotContain(VertexEmulatorServer.Token, result.Output + result.Error + written);
        // Each lesson's paid clip is kept for the lesson made again unchanged; nothing half-written is left.
        Assert.Equal(2, Directory.GetFiles(Path.Combine(Output, ".clips"), "*.mp4").Length);
        Assert.Empty(Directory.GetFiles(Path.Combine(Output, ".clips"), "*.partial"));
    }

    [Fact]
    public async Task Rate_limits_and_failing_polls_are_ridden_out_with_exactly_one_paid_generation()
    {
        Emulator.State.Script(new FaultScript
        {
            Faults = new()
            {
                ["generateContent"] = [429, 500],
                ["tts"] = [429],
                ["predictLongRunning"] = [503],
                ["fetchPredictOperation"] = [503, 500, 503, 429],
            },
        });

        var result = await Run(Catalog());

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Equal("succeeded", Report()["lessons"]![0]!["status"]!.GetValue<string>());
        Assert.Equal(3, Emulator.Count("generateContent"));
        Assert.Equal(2, Emulator.Count("predictLongRunning"));
        Assert.Equal(1, Emulator.State.StartedOperations);
        Assert.True(Emulator.Count("fetchPredictOperation") >= 5);
    }

    [Fact]
    public async Task A_full_quota_of_running_clips_lowers_the_worker_limit_instead_of_failing_or_paying_twice()
    {
        Emulator.State.Script(new FaultScript { MaxRunningOperations = 2, VeoLatencyMs = 400 });

        var result = await Run(Catalog(6), "--GoogleAI:MaxRunningClips=5");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        var lessons = Report()["lessons"]!.AsArray();
        Assert.All(lessons, l => Assert.Equal("succeeded", l!["status"]!.GetValue<string>()));
        Assert.All(lessons, l => Assert.Equal(1, l!["attempts"]!.GetValue<int>()));
        Assert.Equal(6, Emulator.State.StartedOperations);
        Assert.True(Emulator.Count("predictLongRunning.refused") >= 1, "five clips at once should meet the quota of two");
        // The shared limit in Redis came down from five, to just under what was held when Veo refused (how far depends
        // on which starts raced), and never under the quota.
        await using var connection = await redis.ConnectAsync();
        var (_, limit) = await new SharedSlots(connection, $"veo:test-project:us-central1:{new GoogleAIOptions().VideoModel}").ReadAsync();
        Assert.InRange(limit ?? 0, 2, 4);
    }

    [Fact]
    public async Task Three_workers_on_one_catalog_share_one_quota_never_exceed_it_by_more_than_one_and_make_each_lesson_once()
    {
        // Veo lets two clips run; each worker would allow itself four.
        Emulator.State.Script(new FaultScript { MaxRunningOperations = 2, VeoLatencyMs = 700 });
        var catalog = Catalog(9);
        string[] settings = ["--GoogleAI:MaxRunningClips=2", "--GoogleAI:MaxRunningClipsCeiling=4", "--Pipeline:LeaseTime=00:00:04"];

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Run(catalog, settings)));

        Assert.All(results, result => Assert.True(result.ExitCode == 0, result.Output + result.Error));
        // Together the workers asked Veo to run at most one more than it allows: the shared limit probing upwards.
        Assert.InRange(Emulator.State.PeakRequestedOperations, 2, 3);
        // Each lesson made once: one script and one paid clip each, and a video for every lesson.
        Assert.Equal(9, Emulator.State.StartedOperations);
        Assert.Equal(9, Emulator.Count("generateContent"));
        foreach (var lesson in Enumerable.Range(1, 9))
        {
            await Ffprobe.AssertPlayableLessonVideoAsync(Path.Combine(Output, "python", $"lesson{lesson}.mp4"));
        }

        Assert.True(Emulator.Count("predictLongRunning.refused") <= 3, $"{Emulator.Count("predictLongRunning.refused")} starts refused");
    }

    [Fact]
    public async Task A_safety_filter_block_fails_the_lesson_at_once_and_is_never_resubmitted()
    {
        Emulator.State.Script(new FaultScript { SafetyFilter = true });
        var catalog = Catalog();

        var first = await Run(catalog);

        Assert.Equal(1, first.ExitCode);
        var lesson = Report()["lessons"]![0]!;
        Assert.Contains("safety filter", lesson["error"]!.GetValue<string>());
        Assert.Equal(1, lesson["attempts"]!.GetValue<int>());
        Assert.Equal(1, Emulator.State.StartedOperations);

        // The failure is kept as permanent: the next run fails the lesson at once, asking Google nothing.
        var calls = Emulator.Count("generateContent") + Emulator.Count("tts") + Emulator.Count("fetchPredictOperation");
        var second = await Run(catalog);
        Assert.Equal(1, second.ExitCode);
        Assert.Contains("failed for good in an earlier run", Report()["lessons"]![0]!["error"]!.GetValue<string>());
        Assert.Equal(calls, Emulator.Count("generateContent") + Emulator.Count("tts") + Emulator.Count("fetchPredictOperation"));

        var listed = await Run(catalog, "--list-failed");
        Assert.Equal(0, listed.ExitCode);
        Assert.Contains("python/lesson1\tpermanent\t1 attempts", listed.Output);
        Assert.Contains("safety filter", listed.Output);

        // Asked explicitly, it is tried again: a new generation (the prompt may have been changed meanwhile).
        Emulator.State.Script(new FaultScript());
        var retried = await Run(catalog, "--retry-failed");
        Assert.True(retried.ExitCode == 0, retried.Output + retried.Error);
        Assert.Equal(2, Emulator.State.StartedOperations);
        var cleared = await Run(catalog, "--list-failed");
        Assert.Contains("0 failed lessons", cleared.Output);
    }

    [Fact]
    public async Task A_video_answered_as_a_gcs_uri_is_downloaded_from_the_storage_endpoint_with_the_same_credentials()
    {
        Emulator.State.Script(new FaultScript { VideosInStorage = true });
        var storage = new VertexEmulatorServer();
        await storage.InitializeAsync();
        try
        {
            var result = await Run(Catalog(), $"--Vertex:StorageBaseUrl={storage.Url}");

            Assert.True(result.ExitCode == 0, result.Output + result.Error);
            Assert.Equal(1, storage.Count("download"));
            Assert.Equal(0, Emulator.Count("download"));
        }
        finally
        {
            await storage.DisposeAsync();
        }

        await Ffprobe.AssertPlayableLessonVideoAsync(Path.Combine(Output, "python", "lesson1.mp4"));
    }

    [Fact]
    public async Task A_malformed_script_is_asked_for_once_more()
    {
        Emulator.State.Script(new FaultScript { MalformedScripts = 1 });

        var result = await Run(Catalog());

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(2, Emulator.Count("generateContent"));
    }

    [Fact]
    public async Task A_worker_killed_while_Veo_works_polls_the_same_operation_when_started_again()
    {
        Emulator.State.Script(new FaultScript { NeverFinish = true });
        var catalog = Catalog();
        using (var worker = WorkerProcess.Start(_worker.Folder.Path, Arguments(catalog, "--Pipeline:LeaseTime=00:00:04")))
        {
            await Wait.UntilAsync(() => Emulator.Count("fetchPredictOperation") >= 2, TimeSpan.FromMinutes(1), "the worker to poll its Veo operation twice");

            worker.Kill(entireProcessTree: true);
            await worker.WaitForExitAsync();
        }

        Assert.Equal(1, Emulator.State.StartedOperations);
        Emulator.State.Script(new FaultScript());

        // The killed worker's claim on the lesson lapses after its short lease.
        var restarted = await Run(catalog, "--Pipeline:LeaseTime=00:00:04");

        Assert.True(restarted.ExitCode == 0, restarted.Output + restarted.Error);
        Assert.Equal(1, Emulator.State.StartedOperations);
        Assert.Contains("Resuming Veo operation", restarted.Output);
    }

    [Fact]
    public async Task A_dry_run_estimates_the_cost_and_calls_nothing()
    {
        var result = await Run(Catalog(3), "--dry-run", "--GoogleAI:Prices:PerVideoSecond=0.5");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Would make 3 lessons with 3 Veo clips (24 s of generated video)", result.Output);
        Assert.Matches(@"estimated cost \$1[0-9]\.\d\d", result.Output);
        Assert.Equal(0, Emulator.State.StartedOperations);
        Assert.Equal(0, Emulator.Count("generateContent") + Emulator.Count("tts") + Emulator.Count("predictLongRunning"));
        Assert.False(File.Exists(Path.Combine(Output, "report.json")));
    }

    [Fact]
    public async Task A_wrong_token_stops_the_run_at_once_with_Google_message()
    {
        var result = await WorkerProcess.RunAsync(_worker.Folder.Path, [.. Arguments(Catalog(4)), "--Vertex:AccessToken=wrong", "--Pipeline:EnhanceParallelism=1"]);

        Assert.True(result.ExitCode == 2, result.Output + result.Error);
        Assert.Contains("error: Vertex AI refused the credentials: generateContent answered 401 UNAUTHENTICATED", result.Error);
        Assert.Contains("check Vertex:AccessToken", result.Error);
        var error = Report()["lessons"]![0]!["error"]!.GetValue<string>();
        Assert.Contains("401", error);
        Assert.True(Emulator.Count("generateContent") == 1, result.Output);
    }

    [Fact]
    public async Task A_Google_that_answers_nothing_stops_the_run_after_a_few_lessons_with_one_error()
    {
        Emulator.State.Script(new FaultScript { LatencyMs = 30_000 });

        var result = await Run(Catalog(12), "--GoogleAI:RequestTimeout=00:00:01", "--GoogleAI:HttpRetries=1", "--Pipeline:MaxRetries=0",
            "--Pipeline:EnhanceParallelism=1", "--Pipeline:StopAfterFailuresInARow=3");

        Assert.True(result.ExitCode == 2, result.Output + result.Error);
        var error = Assert.Single(result.Error.Split('\n'), line => line.StartsWith("error:", StringComparison.Ordinal));
        Assert.Contains("3 lessons in a row failed", error);
        Assert.Contains("enhance", error);
        // Not every lesson waited out its timeouts: the rest were never started.
        Assert.InRange(Emulator.Count("generateContent"), 3 * 2, 6 * 2);
        Assert.Contains(Report()["lessons"]!.AsArray(), lesson => lesson!["error"]?.GetValue<string>() == "the run was stopped before this lesson started");
    }
}
