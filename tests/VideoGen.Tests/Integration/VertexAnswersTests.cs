using System.Net;
using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text;
using VideoGen.Tests.Support;
using VideoGen.VertexEmulator;
using Xunit.Abstractions;

namespace VideoGen.Tests.Integration;

/// <summary>
/// The worker against the emulator on a bad day: answers lost after Google did (and billed) the work, candidates
/// without parts, blocked prompts, failed operations. Nothing is paid twice and nothing fails with a null reference.
/// </summary>
public sealed class VertexAnswersTests(RedisServer redis, ITestOutputHelper output) : IClassFixture<RedisServer>, IAsyncLifetime, IDisposable
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

    /// <summary>Lessons whose texts, and so whose clips' prompts, all differ.</summary>
    private string Catalog(int lessons) => _worker.Folder.File("catalog.json", JsonSerializer.Serialize(new
    {
        courses = new[]
        {
            new
            {
                id = "loops", title = "Loops",
                lessons = Enumerable.Range(1, lessons).Select(i => new
                {
                    id = $"l{i}", title = $"Lesson {i}",
                    text = $"Loop number {i} repeats a block of work. It stops when its condition is false.",
                }).ToArray(),
            },
        },
    }));

    private void AssertNoClipPaidTwice() =>
        Assert.All(Emulator.State.PaidPerPrompt, paid => Assert.True(paid.Value == 1, $"paid {paid.Value} times: {paid.Key}"));

    [Fact]
    public async Task Answers_lost_after_paid_submissions_are_never_paid_twice_through_a_kill_and_a_rerun()
    {
        Emulator.State.Script(new FaultScript { LoseStartAnswerEvery = 2, VeoLatencyMs = 2500 });
        var catalog = Catalog(6);
        using (var worker = WorkerProcess.Start(_worker.Folder.Path, Arguments(catalog, "--Pipeline:LeaseTime=00:00:04")))
        {
            await Wait.UntilAsync(() => Emulator.Count("predictLongRunning.lost") >= 1 && Emulator.State.StartedOperations >= 3,
                TimeSpan.FromMinutes(1), "a lost answer and three paid operations");
            worker.Kill(entireProcessTree: true);
            await worker.WaitForExitAsync();
        }

        // The killed worker's claims and Veo slots lapse after its short lease.
        var rerun = await Run(catalog, "--Pipeline:LeaseTime=00:00:04");

        Assert.True(rerun.ExitCode == 0, rerun.Output + rerun.Error);
        AssertNoClipPaidTwice();
        var lessons = Report()["lessons"]!.AsArray();
        Assert.All(lessons, l => Assert.Equal("succeeded", l!["status"]!.GetValue<string>()));
        var lost = lessons.SelectMany(l => l!["lostClips"]?.AsArray() ?? []).ToList();
        Assert.InRange(lost.Count, Emulator.Count("predictLongRunning.lost"), 6);
        Assert.All(lost, clip => Assert.StartsWith("A calm cinematic shot", clip!["prompt"]!.GetValue<string>()));
        Assert.Contains("Clips whose answer was lost", File.ReadAllText(Path.Combine(Output, "report.md")));

        var paid = Emulator.State.StartedOperations;
        output.WriteLine(
            $"6 lessons, 6 clips: {paid} paid operations, {Emulator.Count("predictLongRunning.lost")} answers lost, " +
            $"{Emulator.Count("predictLongRunning")} requests, {lost.Count} clips reported lost, " +
            $"most paid for one clip: {Emulator.State.PaidPerPrompt.Values.DefaultIfEmpty(0).Max()}");
        var again = await Run(catalog);
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(paid, Emulator.State.StartedOperations);
    }

    [Fact]
    public async Task A_lost_answer_can_fail_the_lesson_and_is_requested_again_only_when_asked()
    {
        Emulator.State.Script(new FaultScript { LoseStartAnswerEvery = 1 });
        var catalog = Catalog(1);

        var first = await Run(catalog, "--GoogleAI:OnLostAnswer=fail");

        Assert.Equal(1, first.ExitCode);
        var error = Report()["lessons"]![0]!["error"]!.GetValue<string>();
        Assert.Contains("was lost after it was requested", error);
        Assert.Contains("may have been paid", error);
        Assert.Equal(1, Emulator.State.StartedOperations);

        Emulator.State.Script(new FaultScript());
        var dryRun = await Run(catalog, "--GoogleAI:OnLostAnswer=fail", "--retry-failed", "--dry-run");
        Assert.Contains("1 clips were requested before and their answers lost", dryRun.Output);

        var retried = await Run(catalog, "--GoogleAI:OnLostAnswer=fail", "--retry-failed");
        Assert.Equal(1, retried.ExitCode);
        Assert.Equal(1, Emulator.State.StartedOperations);

        var resubmitted = await Run(catalog, "--GoogleAI:OnLostAnswer=fail", "--retry-failed", "--resubmit-unknown");
        Assert.True(resubmitted.ExitCode == 0, resubmitted.Output + resubmitted.Error);
        Assert.Equal(2, Emulator.State.StartedOperations);
    }

    [Fact]
    public async Task Each_lesson_is_written_and_spoken_in_its_language_with_the_voice_set_for_it()
    {
        var catalog = _worker.Folder.File("catalog.json", JsonSerializer.Serialize(new
        {
            courses = new object[]
            {
                new { id = "ja", title = "入門", language = "ja", lessons = new[] { new { id = "hensu", title = "変数", text = "変数は値を保存します。関数は処理をまとめます。" } } },
                new
                {
                    id = "es", title = "Curso", lessons = new object[]
                    {
                        new { id = "bucles", title = "Los bucles", text = "Un bucle repite las instrucciones mientras la condición sea verdadera. Es muy útil para recorrer una lista de elementos." },
                        new { id = "el", title = "Βρόχοι", language = "el", text = "Ένας βρόχος επαναλαμβάνει εντολές." },
                    },
                },
            },
        }));

        var result = await Run(catalog, "--GoogleAI:VoicesByLanguage:es=Puck");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains(Emulator.State.ScriptInstructions, i => i.Contains("in Japanese (ja)", StringComparison.Ordinal));
        Assert.Contains(Emulator.State.ScriptInstructions, i => i.Contains("in Spanish (es)", StringComparison.Ordinal));
        // Greek has no documented TTS language code: asked for without one, the model reading the language from the text.
        Assert.Equal(["Kore/", "Kore/ja-JP", "Puck/es-ES"], Emulator.State.SpeechVoices.Distinct().Order(StringComparer.Ordinal));
        var lessons = Report()["lessons"]!.AsArray().ToDictionary(l => l!["lessonId"]!.GetValue<string>());
        Assert.Equal(("ja", "Kore (ja-JP)"), (lessons["hensu"]!["language"]!.GetValue<string>(), lessons["hensu"]!["voice"]!.GetValue<string>()));
        Assert.Equal(("es", "Puck (es-ES)"), (lessons["bucles"]!["language"]!.GetValue<string>(), lessons["bucles"]!["voice"]!.GetValue<string>()));
        Assert.Equal(("el", "Kore"), (lessons["el"]!["language"]!.GetValue<string>(), lessons["el"]!["voice"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_whole_of_a_long_lesson_reaches_Gemini_with_its_assets_and_instructions_and_a_missing_picture_is_a_warning()
    {
        var text = File.ReadAllText(Path.Combine(Lessons.RealLessons.Folder, "intro-programming.en.md"));
        var catalog = _worker.Folder.File("catalog.json", JsonSerializer.Serialize(new
        {
            instructions = "Stress the tools.",
            courses = new[] { new { id = "web", title = "Web Development", lessons = new[] { new { id = "intro", title = "Introduction to Programming", text } } } },
        }));

        var result = await Run(catalog, "--GoogleAI:MaxClipsPerLesson=1", "--instructions", "Speak to adults who change careers.", "--review", "off", "--length", "short");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.True(text.Length > 50_000);
        Assert.Contains(Emulator.State.ScriptInstructions, i => i.EndsWith("Stress the tools.\nSpeak to adults who change careers.", StringComparison.Ordinal));
        var prompt = Assert.Single(Emulator.State.ScriptPrompts);
        Assert.Contains(text.Trim(), prompt, StringComparison.Ordinal);
        Assert.Contains("- diagram-1: a journey diagram", prompt, StringComparison.Ordinal);
        Assert.Contains("- table-1: a table of", prompt, StringComparison.Ordinal);
        Assert.Contains(Emulator.State.ScriptInstructions, i => i.Contains("the id of at most one of the lesson's assets", StringComparison.Ordinal));

        // The emulated script shows the first asset, the sketchnote, on its second scene; the picture is not beside the catalog.
        var lesson = Report()["lessons"]![0]!;
        Assert.Contains(lesson["warnings"]!.AsArray(), w => w!.GetValue<string>().StartsWith("image-1 (Intro Programming) left out:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_lesson_longer_than_the_model_is_sent_fails_with_that_reason_and_nothing_is_paid()
    {
        var catalog = _worker.Folder.File("catalog.json", JsonSerializer.Serialize(new
        {
            courses = new[] { new { id = "c", title = "C", lessons = new[] { new { id = "huge", title = "Huge", text = string.Concat(Enumerable.Repeat("Loops repeat work. ", 1000)) } } } },
        }));

        var result = await Run(catalog, "--GoogleAI:MaxLessonTokens=1000");

        Assert.Equal(1, result.ExitCode);
        var error = Report()["lessons"]![0]!["error"]!.GetValue<string>();
        Assert.Contains("more than the 1,000 that", error, StringComparison.Ordinal);
        Assert.Contains("GoogleAI:MaxLessonTokens", error, StringComparison.Ordinal);
        Assert.Equal(0, Emulator.Count("generateContent"));
        Assert.Equal(0, Emulator.State.StartedOperations);
    }

    [Fact]
    public async Task A_script_cut_off_by_thinking_is_asked_for_again_with_more_room_and_its_tokens_are_counted()
    {
        Emulator.State.Script(new FaultScript { CutOffScripts = 1 });

        var result = await Run(Catalog(1));

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Equal(2, Emulator.Count("generateContent"));
        var config = JsonNode.Parse(Emulator.State.LastScriptConfig!)!;
        Assert.Null(config["temperature"]);
        Assert.Equal("minimal", config["thinkingConfig"]!["thinkingLevel"]!.GetValue<string>());
        Assert.Equal(16384, config["maxOutputTokens"]!.GetValue<int>());
        var spend = Report()["spend"]!;
        Assert.True(spend["thoughtTokens"]!.GetValue<long>() >= 4096);
        Assert.Equal(1, spend["veoClips"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_blocked_narration_fails_the_lesson_for_good_with_its_reason()
    {
        Emulator.State.Script(new FaultScript { BlockedPrompts = new() { ["tts"] = 1 } });
        var catalog = Catalog(1);

        var result = await Run(catalog);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Gemini refused the narration: PROHIBITED_CONTENT", Report()["lessons"]![0]!["error"]!.GetValue<string>());
        var ttsCalls = Emulator.Count("tts");
        var rerun = await Run(catalog);
        Assert.Equal(1, rerun.ExitCode);
        Assert.Contains("failed for good in an earlier run", Report()["lessons"]![0]!["error"]!.GetValue<string>());
        Assert.Equal(ttsCalls, Emulator.Count("tts"));
    }

    [Fact]
    public async Task An_operation_that_failed_at_Google_is_started_anew()
    {
        Emulator.State.Script(new FaultScript { OperationErrors = 1 });

        var result = await Run(Catalog(1));

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Equal(2, Emulator.State.StartedOperations);
        Assert.Equal("succeeded", Report()["lessons"]![0]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unchanged_lesson_made_again_reuses_its_paid_clip_and_an_edited_one_pays_for_a_new_one()
    {
        var catalog = Catalog(1);
        var clips = Path.Combine(Output, ".clips");

        var first = await Run(catalog);
        var forced = await Run(catalog, "--force");

        Assert.True(first.ExitCode == 0 && forced.ExitCode == 0, first.Output + first.Error + forced.Output + forced.Error);
        Assert.Equal(1, Emulator.State.StartedOperations);
        var kept = Assert.Single(Directory.GetFiles(clips));

        File.WriteAllText(catalog, File.ReadAllText(catalog).Replace("It stops when", "It ends when", StringComparison.Ordinal));
        var edited = await Run(catalog);

        Assert.True(edited.ExitCode == 0, edited.Output + edited.Error);
        Assert.Equal(2, Emulator.State.StartedOperations);
        Assert.NotEqual(kept, Assert.Single(Directory.GetFiles(clips)));
    }

    [Fact]
    public async Task A_lost_answer_is_found_where_Veo_was_told_to_write_the_clip()
    {
        Emulator.State.Script(new FaultScript { LoseStartAnswerEvery = 1, VeoLatencyMs = 800 });

        var result = await Run(Catalog(2), "--Vertex:OutputStorageUri=gs://videogen-test/clips", $"--Vertex:StorageBaseUrl={Emulator.Url}",
            "--GoogleAI:LostAnswerWait=00:00:30");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Equal(2, Emulator.Count("predictLongRunning.lost"));
        Assert.Equal(2, Emulator.State.StartedOperations);
        Assert.Equal(2, Emulator.Count("download"));
        Assert.True(Emulator.Count("list") >= 2);
        AssertNoClipPaidTwice();
        Assert.All(Report()["lessons"]!.AsArray(), l => Assert.Null(l!["lostClips"]));
        await Ffprobe.AssertPlayableLessonVideoAsync(Path.Combine(Output, "loops", "l1.mp4"));
    }

    [Fact]
    public async Task The_emulator_refuses_an_unknown_field_as_Vertex_does()
    {
        var body = await RefusedAsync("""{"contents":[{"role":"user","parts":[{"text":"hi"}]}],"generationConfig":{"temprature":1}}""");

        Assert.Contains("Unknown name \\u0022temprature\\u0022", body.Replace("\\\"", "\\u0022"));
    }

    [Theory]
    [InlineData("""{"inlineData":{"mimeType":"video/mp4","data":"bm90IGEgdmlkZW8="}}""", "not a valid MP4")]
    [InlineData("""{"inlineData":{"mimeType":"video/mp4","data":"%%%"}}""", "Base64 decoding failed")]
    [InlineData("""{"fileData":{"mimeType":"video/mp4","fileUri":"gs://nowhere/video.mp4"}}""", "Cannot fetch content from the provided URL gs://nowhere/video.mp4")]
    [InlineData("""{"fileData":{"mimeType":"video/mp4","file_uri":"gs://nowhere/video.mp4"}}""", "at 'contents[0].parts[0].file_data'")]
    public async Task The_emulator_refuses_a_video_Gemini_could_not_watch(string videoPart, string message)
    {
        var body = await RefusedAsync($$"""{"contents":[{"role":"user","parts":[{{videoPart}},{"text":"Review it."}]}]}""");

        Assert.Contains(message, body);
    }

    /// <summary>Sends a generateContent request to the emulator and returns the body of the 400 it must answer.</summary>
    private async Task<string> RefusedAsync(string json)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post,
            $"{Emulator.Url}/v1/projects/p/locations/global/publishers/google/models/gemini-3-flash-preview:generateContent")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", VertexEmulatorServer.Token);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("INVALID_ARGUMENT", body);
        return body;
    }
}
