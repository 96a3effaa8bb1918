using System.Text.Json;
using System.Text.Json.Nodes;
using StackExchange.Redis;
using VideoGen.Tests.Support;
using VideoGen.VertexEmulator;

namespace VideoGen.Tests.Integration;

/// <summary>
/// <c>--provider gemini</c>: the same stages through the Gemini Developer API with an API key, against the emulator's
/// surface of it and a real Redis. The key is given as users give it, in <c>GEMINI_API_KEY</c>.
/// </summary>
public sealed class GeminiApiRunTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime, IDisposable
{
    private readonly VertexWorkerRun _worker = new(redis) { GeminiApi = true };

    private VertexEmulatorServer Emulator => _worker.Emulator;

    private string Output => _worker.Output;

    public Task InitializeAsync() => _worker.InitializeAsync();

    public Task DisposeAsync() => _worker.DisposeAsync();

    public void Dispose() => _worker.Dispose();

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
                    text = $"Loops, part {i}: a loop repeats work. The for loop walks over a list. The while loop runs until a condition is false.",
                }).ToArray(),
            },
        },
    }));

    private JsonArray Lessons() => _worker.Report()["lessons"]!.AsArray();

    [Fact]
    public async Task Every_stage_runs_through_the_api_and_the_key_shows_nowhere()
    {
        var result = await _worker.RunAsync(Catalog(2));

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        foreach (var lesson in new[] { "lesson1", "lesson2" })
        {
            await Ffprobe.AssertPlayableLessonVideoAsync(Path.Combine(Output, "python", lesson + ".mp4"));
        }

        Assert.Equal("gemini", _worker.Report()["provider"]!.GetValue<string>());
        // Per lesson: one script, speech for the title and three scenes, one clip polled with GET and downloaded as a file.
        Assert.Equal((2, 8, 2), (Emulator.Count("generateContent"), Emulator.Count("tts"), Emulator.Count("predictLongRunning")));
        Assert.True(Emulator.Count("operations.get") >= 2);
        Assert.Equal((2, 2), (Emulator.Count("files.download"), Emulator.Count("blobs")));
        Assert.Equal(0, Emulator.Count("blobs.withKey"));
        Assert.Equal(0, Emulator.Count("fetchPredictOperation"));

        var written = string.Concat(Directory.EnumerateFiles(Output, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".json") || f.EndsWith(".md") || f.EndsWith(".html") || f.EndsWith(".vtt"))
            .Select(File.ReadAllText));
        Assert.DoesNotContain(VertexEmulatorServer.ApiKey, result.Output + result.Error + written + await RedisContentsAsync());
    }

    [Fact]
    public async Task Faults_after_the_server_has_done_the_work_never_pay_for_a_clip_twice()
    {
        Emulator.State.Script(new FaultScript
        {
            Faults = new()
            {
                ["generateContent"] = [429, 500],
                ["tts"] = [503],
                ["predictLongRunning"] = [429],
                ["fetchPredictOperation"] = [503, 500],
            },
            RetryDelay = "0.05s",
            LoseStartAnswerEvery = 2,
            OperationErrors = 1,
        });

        var result = await _worker.RunAsync(Catalog(2));

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.All(Lessons(), l => Assert.Equal("succeeded", l!["status"]!.GetValue<string>()));
        // The first operation failed and its clip was asked for once more; the second start's answer was lost after
        // it was paid, so that clip is not asked for again: its scene is a slide, and the report says so.
        Assert.Equal((3, 1), (Emulator.State.StartedOperations, Emulator.Count("predictLongRunning.lost")));
        Assert.Equal([1, 2], Emulator.State.PaidPerPrompt.Values.Order());
        Assert.Single(Lessons(), l => l!["lostClips"] is JsonArray { Count: 1 });
    }

    [Fact]
    public async Task A_missing_key_is_a_start_up_error_that_says_where_to_put_one()
    {
        var result = await WorkerProcess.RunAsync(_worker.Folder.Path, _worker.Arguments(Catalog()));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Gemini:ApiKey (Gemini__ApiKey) or the GEMINI_API_KEY environment variable", result.Output + result.Error);
        Assert.Equal(0, Emulator.State.TotalRequests);
    }

    [Theory]
    [InlineData("wrong-key", 0, "API_KEY_INVALID")]
    [InlineData(VertexEmulatorServer.ApiKey, 403, "PERMISSION_DENIED")]
    public async Task A_refused_key_stops_the_run_at_the_first_lesson_with_one_message(string key, int fault, string reason)
    {
        if (fault != 0)
        {
            Emulator.State.Script(new FaultScript { Faults = new() { ["generateContent"] = [fault] } });
        }

        var result = await WorkerProcess.RunAsync(_worker.Folder.Path, new Dictionary<string, string> { ["GEMINI_API_KEY"] = key },
            [.. _worker.Arguments(Catalog(3)), "--Pipeline:EnhanceParallelism=1"]);

        Assert.True(result.ExitCode == 2, result.Output + result.Error);
        Assert.Contains($"error: the Gemini API refused the credentials", result.Error);
        Assert.Contains(reason, result.Error);
        Assert.Contains("GEMINI_API_KEY", result.Error);
        Assert.Equal(1, Emulator.Count("generateContent"));
        Assert.DoesNotContain("wrong-key", result.Output + result.Error);
        // One lesson says why; the rest were never started, and a run with a good key makes them all.
        var errors = Lessons().Select(l => l!["error"]?.GetValue<string>() ?? "").ToList();
        Assert.Single(errors, e => e.Contains("refused the credentials", StringComparison.Ordinal));
        Assert.Equal(2, errors.Count(e => e.Contains("stopped before this lesson", StringComparison.Ordinal)));
        if (fault == 0)
        {
            var again = await _worker.RunAsync(Catalog(3));
            Assert.True(again.ExitCode == 0, again.Output + again.Error);
        }
    }

    [Fact]
    public async Task A_model_that_does_not_exist_names_the_setting_and_stops_the_run()
    {
        var result = await _worker.RunAsync(Catalog(3), "--Gemini:TextModel=gemnii-3-flash");

        Assert.True(result.ExitCode == 2, result.Output + result.Error);
        Assert.Contains("the Gemini API has no model 'gemnii-3-flash' for generateContent", result.Error);
        Assert.Contains("check Gemini:TextModel", result.Error);
        Assert.Equal(0, Emulator.Count("predictLongRunning"));
    }

    /// <summary>Every key and string or hash value the run left in Redis.</summary>
    private async Task<string> RedisContentsAsync()
    {
        await using var connection = await redis.ConnectAsync();
        var database = connection.GetDatabase();
        var text = new List<string>();
        await foreach (var key in connection.GetServers()[0].KeysAsync(pattern: "*"))
        {
            text.Add(key!);
            var type = await database.KeyTypeAsync(key);
            if (type == RedisType.String)
            {
                text.Add((string?)await database.StringGetAsync(key) ?? "");
            }
            else if (type == RedisType.Hash)
            {
                text.AddRange((await database.HashGetAllAsync(key)).Select(entry => $"{entry.Name}={entry.Value}"));
            }
        }

        Assert.NotEmpty(text);
        return string.Join("\n", text);
    }
}
