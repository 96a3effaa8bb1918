using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VideoGen.VertexEmulator;

/// <summary>How the GPU job stand-in misbehaves: answers before accepting a job, and jobs that end badly.</summary>
public sealed record GpuJobScript
{
    /// <summary>429 answers (every GPU busy) to submissions before one is accepted.</summary>
    public int BusyAnswers { get; init; }

    /// <summary>503 answers (loading weights) to submissions before one is accepted.</summary>
    public int StartingAnswers { get; init; }

    /// <summary>400 answers to submissions, before good ones.</summary>
    public int BadRequests { get; init; }

    /// <summary>Jobs that end failed (out of GPU memory), before good ones; with <see cref="FailEveryJob"/>, all.</summary>
    public int FailedJobs { get; init; }

    public bool FailEveryJob { get; init; }

    /// <summary>Jobs that succeed with bytes that are not a video.</summary>
    public int NonVideoOutputs { get; init; }

    /// <summary>Jobs that succeed with the first half of a video (cut off, no index).</summary>
    public int TruncatedOutputs { get; init; }

    /// <summary>Talking-head jobs that answer a video half as long as the speech.</summary>
    public int ShortOutputs { get; init; }

    /// <summary>
    /// Submissions whose job is started and whose answer is then lost (the connection dropped), before good ones: what
    /// the idempotency key is for.
    /// </summary>
    public int LostSubmitAnswers { get; init; }

    /// <summary>Polls of a job answered 404, as after the server restarted and lost it, before good ones.</summary>
    public int ForgottenJobs { get; init; }

    /// <summary>How long a job runs.</summary>
    public int JobLatencyMs { get; init; } = 200;

    /// <summary>Every request, <c>/healthz</c> too, is taken in and never answered: a server hung with its port open.</summary>
    public bool Hang { get; init; }

    /// <summary>Jobs run at once; more wait queued, as one GPU runs one job at a time.</summary>
    public int Gpus { get; init; } = 2;
}

/// <summary>
/// A stand-in for a GPU job server (NeoVerse camera moves, AvatarForcing talking heads) implementing the contract
/// VideoGen's client speaks: <c>POST /v1/jobs</c> with idempotency keys, <c>GET /v1/jobs/{id}</c>, <c>/healthz</c>. Its
/// outputs are real videos made with ffmpeg from the inputs, shaped as the models' are (560x336 at 16 fps, silent;
/// 512x512 at 25 fps with the speech). Control: <c>POST /emulator/gpu/faults</c>, <c>GET /emulator/gpu/jobs</c>.
/// </summary>
public static class GpuJobs
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/healthz", async (HttpRequest request, GpuJobState state) =>
        {
            state.Record("healthz");
            await state.HangIfScriptedAsync(request.HttpContext.RequestAborted);
            return Results.Json(new JsonObject { ["ready"] = true, ["model"] = state.Model });
        });
        app.MapPost("/emulator/gpu/faults", async (HttpRequest request, GpuJobState state) =>
        {
            state.Script(await JsonSerializer.DeserializeAsync<GpuJobScript>(request.Body, EmulatorState.Json) ?? new GpuJobScript());
            return Results.NoContent();
        });
        app.MapGet("/emulator/gpu/jobs", (GpuJobState state) => Results.Json(state.Jobs.Values.Select(j => j.Summary())));

        app.MapPost("/v1/jobs", async (HttpRequest request, GpuJobState state) =>
        {
            state.Record("submit");
            await state.HangIfScriptedAsync(request.HttpContext.RequestAborted);
            if (!state.Authorized(request))
            {
                return Error(401, "missing or wrong bearer token");
            }

            if (state.Take("starting"))
            {
                return Results.Json(Message("loading weights"), statusCode: 503);
            }

            if (state.Take("busy"))
            {
                request.HttpContext.Response.Headers.RetryAfter = "1";
                return Error(429, "every GPU is busy");
            }

            if (state.Take("badRequests"))
            {
                return Error(400, "the scripted bad request");
            }

            var body = await JsonNode.ParseAsync(request.Body) as JsonObject;
            if (body?["task"]?.GetValue<string>() is not ("camera-move" or "talking-head") || body["idempotencyKey"]?.GetValue<string>() is not { Length: > 0 } key)
            {
                return Error(400, "a job needs a task (camera-move or talking-head) and an idempotencyKey");
            }

            var (job, isNew) = state.Submit(key, body);
            if (!isNew)
            {
                return Results.Json(new JsonObject { ["id"] = job.Id, ["state"] = job.State }, statusCode: 200);
            }

            if (job.Problem is { } problem)
            {
                state.Forget(job);
                return Error(400, problem);
            }

            _ = Task.Run(() => state.RunAsync(job));
            if (state.Take("lostAnswers"))
            {
                // The job runs; the client never hears of it.
                state.Record("submit.lost");
                request.HttpContext.Abort();
                return Results.Empty;
            }

            return Results.Json(new JsonObject { ["id"] = job.Id, ["state"] = "queued" }, statusCode: 202);
        });

        app.MapGet("/v1/jobs/{id}", async (string id, HttpRequest request, GpuJobState state) =>
        {
            state.Record("poll");
            await state.HangIfScriptedAsync(request.HttpContext.RequestAborted);
            if (!state.Authorized(request))
            {
                return Error(401, "missing or wrong bearer token");
            }

            if (!state.Jobs.TryGetValue(id, out var job))
            {
                return Error(404, $"no job {id}");
            }

            if (state.Take("forgotten"))
            {
                // As a restarted server: the job and its key are gone, and the same key starts a new job.
                state.Forget(job);
                return Error(404, $"no job {id}");
            }

            var answer = new JsonObject { ["id"] = job.Id, ["state"] = job.State, ["progress"] = job.State == "succeeded" ? 1.0 : 0.0 };
            if (job.Output is { } output)
            {
                answer["output"] = new JsonObject { ["mimeType"] = "video/mp4", ["data"] = Convert.ToBase64String(output) };
            }

            if (job.Error is { } error)
            {
                answer["error"] = Message(error)["error"]!.DeepClone();
            }

            return Results.Json(answer);
        });
    }

    private static JsonObject Message(string text) => new() { ["error"] = new JsonObject { ["message"] = text } };

    private static IResult Error(int status, string text) => Results.Json(Message(text), statusCode: status);
}

/// <summary>One job the stand-in took: its key, what it was asked, and how it ended.</summary>
public sealed class GpuJob(string id, string key, string task, JsonObject parameters, byte[]? picture, string pictureType, byte[]? audio)
{
    public string Id { get; } = id;
    public string Key { get; } = key;
    public string Task { get; } = task;
    public JsonObject Parameters { get; } = parameters;
    public byte[]? Picture { get; } = picture;
    public string PictureType { get; } = pictureType;
    public byte[]? Audio { get; } = audio;
    public string? Problem { get; init; }
    public volatile string State = "queued";
    public byte[]? Output { get; set; }
    public string? Error { get; set; }

    public object Summary() => new { Id, Key, Task, State, Trajectory = Parameters["trajectory"]?.ToString(), AudioBytes = Audio?.Length ?? 0, Error };
}

/// <summary>The stand-in's jobs, keys and counters.</summary>
public sealed class GpuJobState(IConfiguration configuration)
{
    private readonly ConcurrentDictionary<string, int> _counts = new();
    private readonly ConcurrentDictionary<string, int> _scripted = new();
    private readonly ConcurrentDictionary<string, string> _keys = new();
    private readonly Lock _submitting = new();
    private SemaphoreSlim _gpus = new(2);

    public GpuJobScript Faults { get; private set; } = new();

    public ConcurrentDictionary<string, GpuJob> Jobs { get; } = new();

    /// <summary>Jobs started per idempotency key: more than one for a key whose job did not fail means work done twice.</summary>
    public ConcurrentDictionary<string, int> JobsPerKey { get; } = new();

    public string Model => configuration["Emulator:GpuModel"] ?? "gpu-jobs";

    private string? Token => configuration["Emulator:GpuToken"];

    public int CountOf(string what) => _counts.GetValueOrDefault(what);

    public void Record(string what) => _counts.AddOrUpdate(what, 1, (_, n) => n + 1);

    public bool Authorized(HttpRequest request) => Token is null || request.Headers.Authorization.ToString() == $"Bearer {Token}";

    /// <summary>Holds the request until the client gives up, when the script says the server hangs.</summary>
    public async Task HangIfScriptedAsync(CancellationToken aborted)
    {
        if (Faults.Hang)
        {
            await Task.Delay(Timeout.Infinite, aborted).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    public bool Take(string kind) => _scripted.AddOrUpdate(kind, -1, (_, n) => n - 1) >= 0;

    public void Script(GpuJobScript script)
    {
        Faults = script;
        _gpus = new SemaphoreSlim(Math.Max(1, script.Gpus));
        _scripted.Clear();
        _scripted["busy"] = script.BusyAnswers;
        _scripted["starting"] = script.StartingAnswers;
        _scripted["badRequests"] = script.BadRequests;
        _scripted["failed"] = script.FailedJobs;
        _scripted["nonVideo"] = script.NonVideoOutputs;
        _scripted["truncated"] = script.TruncatedOutputs;
        _scripted["short"] = script.ShortOutputs;
        _scripted["forgotten"] = script.ForgottenJobs;
        _scripted["lostAnswers"] = script.LostSubmitAnswers;
    }

    /// <summary>The job of a known key unless that job failed, else a new one.</summary>
    public (GpuJob Job, bool IsNew) Submit(string key, JsonObject body)
    {
        lock (_submitting)
        {
            if (_keys.TryGetValue(key, out var known) && Jobs.TryGetValue(known, out var existing) && existing.State != "failed")
            {
                Record("duplicate");
                return (existing, false);
            }

            var job = Read(key, body);
            Jobs[job.Id] = job;
            _keys[key] = job.Id;
            if (job.Problem is null)
            {
                JobsPerKey.AddOrUpdate(key, 1, (_, n) => n + 1);
                Record("started");
            }

            return (job, true);
        }
    }

    public void Forget(GpuJob job)
    {
        Jobs.TryRemove(job.Id, out _);
        _keys.TryRemove(job.Key, out _);
    }

    public async Task RunAsync(GpuJob job)
    {
        // The faults may be scripted anew while the job waits: it gives back the GPU it took.
        var gpus = _gpus;
        await gpus.WaitAsync();
        try
        {
            job.State = "running";
            await Task.Delay(Faults.JobLatencyMs);
            if (Faults.FailEveryJob || Take("failed"))
            {
                job.Error = "CUDA out of memory";
                job.State = "failed";
                return;
            }

            var video = job.Task == "camera-move"
                ? await MediaFactory.CameraShotAsync(job.Picture!, job.PictureType)
                : await MediaFactory.TalkingHeadAsync(job.Picture!, job.Audio!, Take("short"));
            job.Output = Take("nonVideo") ? "this is not a video"u8.ToArray() : Take("truncated") ? video[..(video.Length / 2)] : video;
            job.State = "succeeded";
        }
        catch (Exception ex)
        {
            job.Error = ex.Message;
            job.State = "failed";
        }
        finally
        {
            gpus.Release();
        }
    }

    private static GpuJob Read(string key, JsonObject body)
    {
        var id = Guid.NewGuid().ToString("N")[..16];
        var task = body["task"]!.GetValue<string>();
        var inputs = body["inputs"] as JsonObject ?? [];
        var parameters = body["parameters"] as JsonObject ?? [];
        var picture = task == "camera-move" ? inputs["video"] ?? inputs["image"] : inputs["image"];
        var (bytes, type, problem) = Decode(picture, "video/", "image/");
        if (task == "camera-move")
        {
            problem ??= Trajectories.Contains(parameters["trajectory"]?.ToString()) ? null : $"parameters.trajectory must be one of {string.Join(", ", Trajectories)}";
            return new GpuJob(id, key, task, parameters, bytes, type, null) { Problem = problem };
        }

        var (audio, _, audioProblem) = Decode(inputs["audio"], "audio/wav", "audio/wav");
        problem ??= audioProblem ?? (audio is not null && WavSeconds(audio) > 30.5 ? "the audio is longer than 30 s" : null);
        return new GpuJob(id, key, task, parameters, bytes, type, audio) { Problem = problem };
    }

    /// <summary>NeoVerse's camera path presets: the server refuses any other.</summary>
    private static readonly string[] Trajectories =
    [
        "pan_left", "pan_right", "tilt_up", "tilt_down", "move_left", "move_right", "push_in", "pull_out",
        "boom_up", "boom_down", "orbit_left", "orbit_right", "static",
    ];

    private static (byte[]? Bytes, string Type, string? Problem) Decode(JsonNode? media, string first, string second)
    {
        var type = media?["mimeType"]?.GetValue<string>() ?? "";
        if (!type.StartsWith(first, StringComparison.Ordinal) && !type.StartsWith(second, StringComparison.Ordinal))
        {
            return (null, type, $"an input of type '{type}' where {first} or {second} was expected");
        }

        try
        {
            return (Convert.FromBase64String(media!["data"]!.GetValue<string>()), type, null);
        }
        catch (Exception ex) when (ex is FormatException or NullReferenceException or InvalidOperationException)
        {
            return (null, type, "input data that is not base64");
        }
    }

    /// <summary>Seconds of 16-bit PCM in a canonical WAV file.</summary>
    public static double WavSeconds(byte[] wav)
    {
        var rate = BitConverter.ToInt32(wav, 24);
        var channels = BitConverter.ToInt16(wav, 22);
        return (wav.Length - 44) / (2.0 * channels * rate);
    }
}
