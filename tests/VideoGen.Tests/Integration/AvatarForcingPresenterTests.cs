using System.Text.Json;
using System.Text.Json.Nodes;
using VideoGen.Tests.Support;
using VideoGen.VertexEmulator;

namespace VideoGen.Tests.Integration;

/// <summary>
/// <c>--presenter avatarforcing</c> against the emulator's GPU job server and a real Redis: the narration sent in chunks
/// AvatarForcing can take, each chunk's job started once whatever happens, and a server that gives no usable talking
/// head leaving the lesson its local presenter. Also what the presenter's portrait must be.
/// </summary>
public sealed class AvatarForcingPresenterTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime, IDisposable
{
    private readonly VertexWorkerRun _worker = new(redis);

    private VertexEmulatorServer Emulator => _worker.Emulator;

    private GpuJobState Gpu => Emulator.Gpu;

    private string Output => _worker.Output;

    public Task InitializeAsync() => _worker.InitializeAsync();

    public Task DisposeAsync() => _worker.DisposeAsync();

    public void Dispose() => _worker.Dispose();

    private string Catalog() => _worker.Folder.File("catalog.json", JsonSerializer.Serialize(new
    {
        courses = new[]
        {
            new
            {
                id = "birds", title = "Birds",
                lessons = new[]
                {
                    new
                    {
                        id = "owls", title = "Owls",
                        text = "Owls hunt at night with eyes that gather light. Their soft feathers let them fly without a sound. " +
                               "They swallow small prey whole and later cough up pellets of bones.",
                    },
                },
            },
        },
    }));

    private string[] Arguments(string catalog, params string[] extra) =>
    [
        "--catalog", catalog, "--output", Output, "--redis", redis.ConnectionString, "--Progress:Mode=Off", "--review", "off",
        "--camera", "off", "--Providers:Local:VideoPreset=ultrafast", "--presenter", "avatarforcing",
        $"--Providers:AvatarForcing:Url={Emulator.Url}", $"--Providers:AvatarForcing:Token={VertexEmulatorServer.GpuToken}",
        "--Providers:AvatarForcing:PollInterval=00:00:00.100", "--Providers:AvatarForcing:MaxChunkSeconds=5", .. extra,
    ];

    private Task<WorkerResult> RunAsync(string catalog, params string[] extra) => WorkerProcess.RunAsync(_worker.Folder.Path, Arguments(catalog, extra));

    private JsonNode Lesson() => _worker.Report()["lessons"]!.AsArray().Single()!;

    [Fact]
    public async Task The_narration_goes_in_chunks_of_at_most_the_limit_each_started_once_and_they_add_up_to_it()
    {
        Gpu.Script(new GpuJobScript { BusyAnswers = 1 });
        var catalog = Catalog();

        var result = await RunAsync(catalog);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("warning: the AvatarForcing model is licensed CC BY-NC 4.0: non-commercial use only", result.Error);
        Assert.Null(Lesson()["warnings"]);
        var video = Path.Combine(Output, "birds", "owls.mp4");
        var seconds = await Ffprobe.AssertPlayableLessonVideoAsync(video);

        var chunks = Gpu.Jobs.Values.Where(j => j.Task == "talking-head").ToList();
        Assert.True(chunks.Count >= 3, $"{chunks.Count} chunks for {seconds} s");
        Assert.All(chunks, chunk =>
        {
            Assert.Equal(16_000, BitConverter.ToInt32(chunk.Audio!, 24));
            Assert.Equal(1, BitConverter.ToInt16(chunk.Audio!, 22));
            Assert.InRange(GpuJobState.WavSeconds(chunk.Audio!), 1, 5);
            Assert.Equal("image/png", chunk.PictureType);
        });
        Assert.Equal(seconds, chunks.Sum(c => GpuJobState.WavSeconds(c.Audio!)), 1);
        Assert.All(Gpu.JobsPerKey.Values, started => Assert.Equal(1, started));
        Assert.Equal(chunks.Count, Gpu.JobsPerKey.Count);
        Assert.DoesNotContain(VertexEmulatorServer.GpuToken, result.Output + result.Error + File.ReadAllText(Path.Combine(Output, "report.json")));

        // Made again: the talking heads are kept, nothing is submitted.
        var submitted = Gpu.CountOf("submit");
        var again = await RunAsync(catalog, "--force");
        Assert.True(again.ExitCode == 0, again.Output + again.Error);
        Assert.Equal(submitted, Gpu.CountOf("submit"));
    }

    public static TheoryData<string, string> Faults() => new()
    {
        { "short", "is a video of" },
        { "failed", "failed twice" },
        { "nonvideo", "is not a video" },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task A_server_that_gives_no_usable_talking_head_leaves_the_lesson_the_local_presenter(string fault, string reason)
    {
        Gpu.Script(fault switch
        {
            "short" => new GpuJobScript { ShortOutputs = 1 },
            "failed" => new GpuJobScript { FailEveryJob = true },
            _ => new GpuJobScript { NonVideoOutputs = 1 },
        });

        var result = await RunAsync(Catalog());

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        var warning = Assert.Single(Lesson()["warnings"]!.AsArray())!.GetValue<string>();
        Assert.StartsWith("presenter: no AvatarForcing video (", warning);
        Assert.Contains(reason, warning);
        Assert.EndsWith("the local presenter was drawn instead", warning);
        await Ffprobe.AssertPlayableLessonVideoAsync(Path.Combine(Output, "birds", "owls.mp4"));
    }

    [Fact]
    public async Task A_worker_killed_while_its_chunks_run_polls_the_same_jobs_when_it_starts_again()
    {
        Gpu.Script(new GpuJobScript { JobLatencyMs = 4000, Gpus = 8 });
        var catalog = Catalog();
        string[] quick = ["--Providers:AvatarForcing:MaxJobsAtOnce=8", "--Pipeline:LeaseTime=00:00:02"];

        using (var worker = WorkerProcess.Start(_worker.Folder.Path, Arguments(catalog, quick)))
        {
            await Wait.UntilAsync(() => Task.FromResult(Gpu.JobsPerKey.Count >= 3), TimeSpan.FromSeconds(60), "the chunks submitted");
            var submittedSoFar = Gpu.JobsPerKey.Count;
            await Wait.UntilAsync(() => Task.FromResult(Gpu.CountOf("poll") >= submittedSoFar), TimeSpan.FromSeconds(10), "every job polled");
            worker.Kill(entireProcessTree: true);
            await worker.WaitForExitAsync();
        }

        Assert.All(Gpu.Jobs.Values, job => Assert.NotEqual("succeeded", job.State));
        var jobs = Gpu.Jobs.Count;

        var result = await RunAsync(catalog, quick);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Null(Lesson()["warnings"]);
        Assert.Equal(jobs, Gpu.Jobs.Count);
        Assert.All(Gpu.JobsPerKey.Values, started => Assert.Equal(1, started));
    }

    public static TheoryData<string, string> Portraits() => new()
    {
        { "missing.png", "no such file" },
        { "notes.png", "not a PNG, JPEG or WebP picture" },
        { "huge.png", "is more than the 40 MB a picture may have" },
    };

    [Theory]
    [MemberData(nameof(Portraits))]
    public async Task A_portrait_that_cannot_be_used_stops_the_worker_at_start_up_naming_the_file(string file, string problem)
    {
        var path = Path.Combine(_worker.Folder.Path, file);
        if (file == "notes.png")
        {
            await File.WriteAllTextAsync(path, "these are notes, not a picture");
        }
        else if (file == "huge.png")
        {
            await using var huge = File.Create(path);
            huge.SetLength(41L * 1024 * 1024);
        }

        var result = await WorkerProcess.RunAsync(_worker.Folder.Path,
            "--catalog", Catalog(), "--output", Output, "--redis", redis.ConnectionString, "--presenter", "local", $"--Providers:Presenter:Portrait={path}");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"Providers:Presenter:Portrait {path} cannot be used: ", result.Error);
        Assert.Contains(problem, result.Error);
        Assert.Equal(0, Gpu.CountOf("submit"));
    }
}
