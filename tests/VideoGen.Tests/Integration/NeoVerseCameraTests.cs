using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using StackExchange.Redis;
using VideoGen.Tests.Support;
using VideoGen.VertexEmulator;
using VideoGen.Worker.Providers.NeoVerse;

namespace VideoGen.Tests.Integration;

/// <summary>
/// <c>--camera neoverse</c> against the emulator's GPU job server (real HTTP, real videos made by ffmpeg) and a real
/// Redis: every scene filmed once whatever the server answers, the job ids kept across a kill, and every fault of the
/// server ending in a video made with the local camera move, the report saying why.
/// </summary>
public sealed class NeoVerseCameraTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime, IDisposable
{
    private readonly VertexWorkerRun _worker = new(redis);

    private VertexEmulatorServer Emulator => _worker.Emulator;

    private GpuJobState Gpu => Emulator.Gpu;

    private string Output => _worker.Output;

    public Task InitializeAsync() => _worker.InitializeAsync();

    public Task DisposeAsync() => _worker.DisposeAsync();

    public void Dispose() => _worker.Dispose();

    private const string Text =
        "Owls hunt at night with eyes that gather light. Their soft feathers let them fly without a sound. " +
        "They swallow small prey whole and later cough up pellets of bones. Each pellet tells what the owl ate.";

    /// <summary>A catalog of owls (with a picture) and crows (without), three scenes each.</summary>
    private string Catalog(bool withImage = true, int lessons = 2)
    {
        var image = Path.Combine(_worker.Folder.Path, "pictures", "owl.png");
        Directory.CreateDirectory(Path.GetDirectoryName(image)!);
        Tool.RunAsync("ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=960x720", "-frames:v", "1", image).GetAwaiter().GetResult();
        object[] all =
        [
            new { id = "owls", title = "Owls", text = Text, image = withImage ? "pictures/owl.png" : null },
            new { id = "crows", title = "Crows", text = Text.Replace("Owls", "Crows").Replace("owl", "crow"), image = (string?)null },
        ];
        return _worker.Folder.File("catalog.json", JsonSerializer.Serialize(new
        {
            courses = new[] { new { id = "birds", title = "Birds", lessons = all.Take(lessons).ToArray() } },
        }));
    }

    private string[] LocalArguments(string catalog, string? url = null, params string[] extra) =>
    [
        "--catalog", catalog, "--output", Output, "--redis", redis.ConnectionString, "--provider", "local",
        "--Progress:Mode=Off", "--review", "off", "--Providers:Local:VideoPreset=ultrafast", "--Providers:Local:WordsPerScene=12",
        "--Providers:Local:MaxScenes=3", "--camera", "neoverse", $"--Providers:NeoVerse:Url={url ?? Emulator.Url}",
        $"--Providers:NeoVerse:Token={VertexEmulatorServer.GpuToken}", "--Providers:NeoVerse:PollInterval=00:00:00.100", .. extra,
    ];

    private Task<WorkerResult> RunLocalAsync(string catalog, string? url = null, params string[] extra) =>
        WorkerProcess.RunAsync(_worker.Folder.Path, LocalArguments(catalog, url, extra));

    private JsonArray Lessons() => _worker.Report()["lessons"]!.AsArray();

    private List<GpuJobSummary> Jobs() =>
        JsonSerializer.Deserialize<List<GpuJobSummary>>(JsonSerializer.Serialize(Gpu.Jobs.Values.Select(j => j.Summary())))!;

    private sealed record GpuJobSummary(string Id, string Key, string Task, string State, string? Trajectory);

    [Fact]
    public async Task Every_scene_is_filmed_once_through_busy_answers_and_a_failed_job_and_the_token_shows_nowhere()
    {
        // Two answers lost after their jobs started: submitted again under the same key, they get the same jobs back.
        Gpu.Script(new GpuJobScript { BusyAnswers = 2, StartingAnswers = 1, FailedJobs = 1, LostSubmitAnswers = 2, JobLatencyMs = 2000 });

        var result = await RunLocalAsync(Catalog());

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        foreach (var lesson in Lessons())
        {
            Assert.Equal("succeeded", lesson!["status"]!.GetValue<string>());
            Assert.Null(lesson["warnings"]);
        }

        // Six scenes, six keys; the one job that failed was submitted once more, no other twice.
        var jobs = Jobs();
        Assert.Equal(6, Gpu.JobsPerKey.Count);
        Assert.Equal([1, 1, 1, 1, 1, 2], Gpu.JobsPerKey.Values.Order());
        Assert.Equal(7, jobs.Count);
        Assert.Equal(2, Gpu.CountOf("submit.lost"));
        Assert.Equal(2, Gpu.CountOf("duplicate"));
        Assert.Equal(3 + 2, Gpu.CountOf("submit") - Gpu.CountOf("started"));

        // The three scenes of the owls are three shots of one picture, along three different paths; the crows' slides
        // move gently.
        var succeeded = jobs.Where(j => j.State == "succeeded").ToList();
        Assert.Equal(6, succeeded.Count);
        var owlPaths = Gpu.Jobs.Values.Where(j => j.State == "succeeded" && j.PictureType == "image/png" && j.Picture!.Length == new FileInfo(Path.Combine(_worker.Folder.Path, "pictures", "owl.png")).Length)
            .Select(j => j.Parameters["trajectory"]!.ToString()).ToList();
        Assert.Equal(3, owlPaths.Distinct().Count());
        Assert.Equal(3, succeeded.Count(j => Trajectories.Gentle.Contains(j.Trajectory)) - owlPaths.Count(Trajectories.Gentle.Contains));

        // The shots are in the video, fitted to the frame, and moving.
        var video = Path.Combine(Output, "birds", "owls.mp4");
        await Ffprobe.AssertPlayableLessonVideoAsync(video);
        var scene1 = SceneStart(video, 1);
        Assert.True(await Frames.PsnrAsync(video, scene1 + 0.3, video, scene1 + 2.3) < 30, "the shot does not move");

        // The token went to the server in every request, and nowhere else.
        var written = string.Concat(Directory.EnumerateFiles(Output, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".json", StringComparison.Ordinal) || f.EndsWith(".md", StringComparison.Ordinal) || f.EndsWith(".html", StringComparison.Ordinal))
            .Select(File.ReadAllText));
        Assert.DoesNotContain(VertexEmulatorServer.GpuToken, result.Output + result.Error + written + await RedisContentsAsync());

        // Made again: nothing is submitted.
        var again = await RunLocalAsync(Catalog(), null, "--force");
        Assert.True(again.ExitCode == 0, again.Output + again.Error);
        Assert.Equal(7, Gpu.Jobs.Count);
    }

    public static TheoryData<string, string> Faults() => new()
    {
        { "nonvideo", "is not a video" },
        { "truncated", "the NeoVerse output is" },
        { "failed", "failed twice: CUDA out of memory" },
        { "refused", "refused the job (400)" },
        { "down", "cannot be reached" },
        { "token", "refused the token (401)" },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task A_server_that_gives_no_usable_shot_leaves_the_lesson_its_video_and_the_report_says_why(string fault, string reason)
    {
        Gpu.Script(fault switch
        {
            "nonvideo" => new GpuJobScript { NonVideoOutputs = 10 },
            "truncated" => new GpuJobScript { TruncatedOutputs = 10 },
            "failed" => new GpuJobScript { FailEveryJob = true },
            "refused" => new GpuJobScript { BadRequests = 10 },
            _ => new GpuJobScript(),
        });
        var url = fault == "down" ? $"http://127.0.0.1:{RedisServer.FreePort()}" : null;
        string[] extra = fault == "token" ? ["--Providers:NeoVerse:Token=wrong"] : [];

        var result = await RunLocalAsync(Catalog(lessons: 1), url, [.. extra, "--Providers:Local:MaxScenes=1"]);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        var lesson = Lessons().Single()!;
        Assert.Equal("succeeded", lesson["status"]!.GetValue<string>());
        var warning = Assert.Single(lesson["warnings"]!.AsArray())!.GetValue<string>();
        Assert.StartsWith("scene 1: no NeoVerse shot (", warning);
        Assert.Contains(reason, warning);
        Assert.EndsWith("the local camera move was used instead", warning);
        await Ffprobe.AssertPlayableLessonVideoAsync(Path.Combine(Output, "birds", "owls.mp4"));
        Assert.DoesNotContain("wrong", warning);
    }

    [Fact]
    public async Task A_worker_killed_while_its_shots_run_polls_the_same_jobs_when_it_starts_again()
    {
        Gpu.Script(new GpuJobScript { JobLatencyMs = 4000, Gpus = 6 });
        var catalog = Catalog();

        using (var worker = WorkerProcess.Start(_worker.Folder.Path, LocalArguments(catalog, null, "--Providers:NeoVerse:MaxShotsAtOnce=6", "--Pipeline:LeaseTime=00:00:02")))
        {
            await Wait.UntilAsync(() => Task.FromResult(Gpu.JobsPerKey.Count >= 6), TimeSpan.FromSeconds(60), "every shot submitted");
            // The ids are saved before the first poll: once every job has been asked after, all are in the ledger.
            await Wait.UntilAsync(() => Task.FromResult(Gpu.CountOf("poll") >= 6), TimeSpan.FromSeconds(10), "every job polled");
            worker.Kill(entireProcessTree: true);
            await worker.WaitForExitAsync();
        }

        Assert.All(Gpu.Jobs.Values, job => Assert.NotEqual("succeeded", job.State));
        var submitted = Gpu.CountOf("submit");

        var result = await RunLocalAsync(catalog, null, "--Pipeline:LeaseTime=00:00:02");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.All(Lessons(), lesson => Assert.Null(lesson!["warnings"]));
        Assert.Equal(submitted, Gpu.CountOf("submit"));
        Assert.All(Gpu.JobsPerKey.Values, started => Assert.Equal(1, started));
    }

    [Fact]
    public async Task With_veo_one_paid_clip_covers_two_scenes_through_two_camera_paths()
    {
        var catalog = Catalog(withImage: false, lessons: 1);
        string[] neoverse =
        [
            "--camera", "neoverse", $"--Providers:NeoVerse:Url={Emulator.Url}", $"--Providers:NeoVerse:Token={VertexEmulatorServer.GpuToken}",
            "--Providers:NeoVerse:PollInterval=00:00:00.100", "--Vertex:MaxClipsPerLesson=2",
        ];

        var dry = await _worker.RunAsync(catalog, [.. neoverse, "--dry-run"]);
        Assert.True(dry.ExitCode == 0, dry.Output + dry.Error);
        // The setting under its old name still counts (two clips' worth of scenes below), with one warning.
        Assert.Single(dry.Error.Split('\n'), line => line.StartsWith("warning: Vertex:MaxClipsPerLesson now is GoogleAI:MaxClipsPerLesson", StringComparison.Ordinal));
        Assert.Contains("with 1 Veo clips (8 s of generated video) and up to 4 NeoVerse shots (one a scene)", dry.Output);
        Assert.Equal(0, Gpu.CountOf("submit"));

        // The server restarts once while a job runs and forgets it: submitted again under its key, it is a new job.
        Gpu.Script(new GpuJobScript { ForgottenJobs = 1 });
        var result = await _worker.RunAsync(catalog, neoverse);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Equal(1, Emulator.Count("predictLongRunning"));
        Assert.Equal(2, Gpu.JobsPerKey.Values.Max());
        Assert.Equal(Gpu.JobsPerKey.Count + 1, Gpu.JobsPerKey.Values.Sum());
        var shots = Gpu.Jobs.Values.Where(j => j.State == "succeeded").ToList();
        var fromClip = shots.Where(j => j.PictureType == "video/mp4").ToList();
        Assert.Equal(2, fromClip.Count);
        Assert.Equal(2, fromClip.Select(j => j.Parameters["trajectory"]!.ToString()).Distinct().Count());
        Assert.Equal(shots.Count - 2, shots.Count(j => j.PictureType == "image/png"));
        Assert.Null(Lessons().Single()!["warnings"]);
        await Ffprobe.AssertPlayableLessonVideoAsync(Path.Combine(Output, "birds", "owls.mp4"));
    }

    [Fact]
    public async Task A_server_that_hangs_is_taken_for_down_after_a_few_requests_and_every_scene_goes_on_without_it_at_once()
    {
        var catalog = _worker.Folder.File("six.json", JsonSerializer.Serialize(new
        {
            courses = new[]
            {
                new
                {
                    id = "birds", title = "Birds",
                    lessons = Enumerable.Range(1, 6).Select(i => new { id = $"bird{i}", title = $"Bird {i}", text = Text }).ToArray(),
                },
            },
        }));
        var withoutCamera = Stopwatch.StartNew();
        var plain = await WorkerProcess.RunAsync(_worker.Folder.Path,
            [.. LocalArguments(catalog).Select(a => a == "neoverse" ? "local" : a), "--output", Path.Combine(_worker.Folder.Path, "plain")]);
        withoutCamera.Stop();
        Assert.True(plain.ExitCode == 0, plain.Output + plain.Error);
        Gpu.Script(new GpuJobScript { Hang = true });

        var hanging = Stopwatch.StartNew();
        var result = await RunLocalAsync(catalog, null, "--Providers:NeoVerse:HealthTimeout=00:00:02", "--Providers:NeoVerse:BreakDuration=00:10:00");
        hanging.Stop();

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.All(Lessons(), lesson => Assert.Equal("succeeded", lesson!["status"]!.GetValue<string>()));
        Assert.Equal(18, Lessons().Sum(lesson => lesson!["warnings"]!.AsArray().Count(w => w!.GetValue<string>().Contains("no NeoVerse shot", StringComparison.Ordinal))));
        // A few health checks, never a job: the scenes did not wait out a request each.
        Assert.InRange(Gpu.CountOf("healthz"), 1, 4);
        Assert.Equal(0, Gpu.CountOf("submit"));
        Assert.Single(result.Output.Split('\n'), line => line.Contains("gave no answer to", StringComparison.Ordinal));
        Console.WriteLine($"6 lessons: {withoutCamera.Elapsed.TotalSeconds:0.0} s without the camera, {hanging.Elapsed.TotalSeconds:0.0} s against a hung NeoVerse server");
        Assert.True(hanging.Elapsed < withoutCamera.Elapsed * 3 + TimeSpan.FromSeconds(30),
            $"{hanging.Elapsed} against a hung server, {withoutCamera.Elapsed} without the camera");
    }

    [Fact]
    public async Task The_neoverse_camera_without_a_server_is_a_clear_start_up_error()
    {
        var result = await WorkerProcess.RunAsync(_worker.Folder.Path,
            "--catalog", Catalog(lessons: 1), "--output", Output, "--redis", redis.ConnectionString, "--camera", "neoverse");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--camera neoverse needs a NeoVerse server: set Providers:NeoVerse:Url", result.Error);
    }

    /// <summary>When scene <paramref name="scene"/> starts in the video, from its subtitles.</summary>
    private static double SceneStart(string video, int scene)
    {
        var cues = WebVttFile.Parse(File.ReadAllText(Path.ChangeExtension(video, ".vtt")));
        return cues[scene].Start.TotalSeconds;
    }

    private async Task<string> RedisContentsAsync()
    {
        await using var connection = await redis.ConnectAsync();
        var database = connection.GetDatabase();
        var text = new List<string>();
        await foreach (var key in connection.GetServers()[0].KeysAsync(pattern: "*"))
        {
            text.Add(key!);
            text.AddRange((await database.KeyTypeAsync(key)) switch
            {
                RedisType.String => [(string?)await database.StringGetAsync(key) ?? ""],
                RedisType.Hash => (await database.HashGetAllAsync(key)).Select(e => $"{e.Name}={e.Value}"),
                _ => [],
            });
        }

        return string.Join('\n', text);
    }
}
