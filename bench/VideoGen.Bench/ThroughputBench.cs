using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using VideoGen.VertexEmulator;
using VideoGen.Worker.Catalog;
using VideoGen.Worker.Ledger;
using VideoGen.Worker.Pipeline;
using VideoGen.Worker.Providers.GoogleAI;
using VideoGen.Worker.Stages;

namespace VideoGen.Bench;

/// <summary>How one throughput run is set up.</summary>
/// <param name="MaxRunningClips">GoogleAI:MaxRunningClips, and the ceiling unless one is given; null: the defaults.</param>
/// <param name="Quota">Veo operations the emulator lets run at once; 0: no quota.</param>
/// <param name="Workers">Worker processes sharing the catalog and the quota (the in-process schedules use one).</param>
/// <param name="Limit">The clips at once the lower bound assumes: the fixed limit, or the quota.</param>
internal sealed record VertexRun(string Name, int? MaxRunningClips, int? Ceiling, int Quota, int Workers, int Limit, CompositionCost Composition);

/// <summary>
/// Makes a catalog's videos through the emulator with time-scaled latencies and composition, several ways on the same
/// latency draws (the draws come from each request's content, so every run meets the same slow clips): the batch-of-3
/// schedule the product replaces, the pipeline at the same concurrency, the pipeline finding a quota by itself, and
/// several worker processes sharing one quota through Redis.
/// </summary>
internal sealed class ThroughputBench(LocalRedis redis, BenchEmulator emulator, double timeScale)
{
    /// <summary>The reference's pause between batches, in real time.</summary>
    private static readonly TimeSpan BatchPause = TimeSpan.FromSeconds(2);

    /// <summary>Real-time latencies: Gemini text about 4 s, TTS about 3 s a part, Veo about 2 min with a heavy tail.</summary>
    private FaultScript Script(int quota) => new()
    {
        Latencies = new()
        {
            ["generateContent"] = new LatencyDistribution(MedianSeconds: 4, Sigma: 0.4),
            ["tts"] = new LatencyDistribution(MedianSeconds: 3, Sigma: 0.3),
            ["veo"] = new LatencyDistribution(MedianSeconds: 120, Sigma: 0.5, MaxSeconds: 900),
        },
        TimeScale = timeScale,
        Seed = 1143,
        // Small media: their encoding and copying is not time-scaled, and would otherwise weigh far more than in reality.
        ClipSize = "64x36",
        SpeechRate = 8_000,
        MaxRunningOperations = quota,
    };

    /// <summary>The reference: three lessons at a time, each through every stage in turn; wait for the slowest, pause, go on.</summary>
    public Task<RunResult> BatchesAsync(IReadOnlyList<Lesson> catalog, VertexRun run) =>
        MeasureAsync(catalog, run, async (services, lessons, work) =>
        {
            var stages = services.GetRequiredService<StageRunner>();
            var enhancer = services.GetRequiredService<IEnhancer>();
            var narrator = services.GetRequiredService<INarrator>();
            var footage = services.GetRequiredService<IFootageSource>();
            var renderer = services.GetRequiredService<IRenderer>();
            var ledger = services.GetRequiredService<ILessonLedger>();
            var finished = new List<LessonJob>();
            await foreach (var batch in lessons.Chunk(3))
            {
                finished.AddRange(await Task.WhenAll(batch.Select(async lesson =>
                {
                    await using var job = LessonJob.Open(lesson, work, "vertex");
                    await stages.RunAsync(job, "enhance", async (j, ct) => j.Script = await enhancer.EnhanceAsync(j.Lesson, ct), CancellationToken.None);
                    await stages.RunAsync(job, "narrate", async (j, ct) => j.Narration = await narrator.NarrateAsync(j.Script!, j.WorkFolder, ct), CancellationToken.None);
                    await stages.RunAsync(job, "render", async (j, ct) =>
                    {
                        var made = await footage.MakeAsync(j.Planned.Version, j.Script!, ct);
                        j.Video = await renderer.RenderAsync(j.Script!, j.Narration!, made, j.WorkFolder, ct);
                    }, CancellationToken.None);
                    await stages.RunAsync(job, "store", async (j, ct) =>
                    {
                        await ledger.MarkFinishedAsync(j.Lesson.Key, j.Fingerprint, ct);
                        await footage.ReleaseAsync(j.Planned.Version, ct);
                    }, CancellationToken.None);
                    return job;
                })));
                await Task.Delay(BatchPause / timeScale);
            }

            return finished;
        });

    public Task<RunResult> PipelineAsync(IReadOnlyList<Lesson> catalog, VertexRun run) =>
        MeasureAsync(catalog, run, async (services, lessons, work) =>
        {
            var finished = new List<LessonJob>();
            await services.GetRequiredService<LessonPipeline>().RunAsync(lessons, work, job =>
            {
                lock (finished)
                {
                    finished.Add(job);
                }

                return Task.CompletedTask;
            }, CancellationToken.None, CancellationToken.None);
            return finished;
        });

    /// <summary>Several workers, each a process of its own, making one catalog together and sharing Veo's quota through Redis.</summary>
    public async Task<RunResult> WorkerProcessesAsync(IReadOnlyList<Lesson> catalog, VertexRun run)
    {
        await ResetAsync(run);
        var output = Directory.CreateTempSubdirectory("videogen-throughput-");
        try
        {
            var outcome = await ReplicaProcesses.RunAsync(redis, emulator, catalog, run, timeScale, output.FullName);
            return Result(run, catalog.Count, outcome.Succeeded, outcome.FirstError, outcome.Makespan, outcome.Limit) with { MadeByWorker = outcome.MadeByWorker };
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    private async Task ResetAsync(VertexRun run)
    {
        await redis.FlushAsync();
        emulator.State.Reset();
        emulator.State.Script(Script(run.Quota));
    }

    private async Task<RunResult> MeasureAsync(
        IReadOnlyList<Lesson> catalog, VertexRun run,
        Func<IServiceProvider, IAsyncEnumerable<ClaimedLesson>, WorkFolders, Task<List<LessonJob>>> schedule)
    {
        await ResetAsync(run);
        var output = Directory.CreateTempSubdirectory("videogen-throughput-");
        try
        {
            await using var services = BenchStack.Vertex(redis.Connection, emulator.Url, run, timeScale, output.FullName);
            var fingerprints = services.GetRequiredService<LessonFingerprint>();
            var lessons = new ConcurrentQueue<ClaimedLesson>(catalog.Select((lesson, i) =>
                new ClaimedLesson(new PlannedLesson(i, lesson, fingerprints.For(lesson, "vertex")), NoClaim.Instance)));

            var clock = Stopwatch.StartNew();
            var finished = await schedule(services, Take(lessons), new WorkFolders(output.FullName, TimeProvider.System));
            clock.Stop();

            return Result(run, catalog.Count, finished.Count(j => !j.IsFailed), finished.FirstOrDefault(j => j.IsFailed)?.Error,
                clock.Elapsed, services.GetRequiredService<ClipQuota>().Limit);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    private RunResult Result(VertexRun run, int lessons, int succeeded, string? firstError, TimeSpan makespan, int finalLimit) => new(
        run,
        Succeeded: succeeded,
        FirstError: firstError,
        Makespan: makespan,
        FirstScript: TimeSpan.FromMilliseconds(emulator.State.FirstLatencyMs("generateContent")),
        VeoWork: TimeSpan.FromMilliseconds(emulator.State.TotalLatencyMs("veo")),
        Composition: run.Composition.Wall / timeScale,
        VeoStarts: emulator.State.CountOf("predictLongRunning"),
        VeoRefusals: emulator.State.CountOf("predictLongRunning.refused"),
        PeakRequested: emulator.State.PeakRequestedOperations,
        Requests: emulator.State.TotalRequests,
        FinalLimit: finalLimit,
        Lessons: lessons);

    private static async IAsyncEnumerable<ClaimedLesson> Take(ConcurrentQueue<ClaimedLesson> lessons)
    {
        await Task.CompletedTask;
        while (lessons.TryDequeue(out var lesson))
        {
            yield return lesson;
        }
    }

    /// <summary>Lessons of two sentences each, every one different, so every request and its latency draw is too.</summary>
    public static IReadOnlyList<Lesson> Catalog(int lessons) =>
        [.. Enumerable.Range(0, lessons).Select(i => new Lesson(
            CourseId: $"course-{i / 40:D3}",
            CourseTitle: $"Course {i / 40}",
            Id: $"lesson-{i:D5}",
            Title: $"Lesson {i}",
            Text: $"Loop number {i} repeats a block of work until its condition changes. Break leaves loop {i} early.",
            Location: $"lesson {i}"))];
}

internal sealed record RunResult(
    VertexRun Run, int Succeeded, string? FirstError, TimeSpan Makespan, TimeSpan FirstScript, TimeSpan VeoWork, TimeSpan Composition,
    int VeoStarts, int VeoRefusals, int PeakRequested, int Requests, int FinalLimit, int Lessons)
{
    /// <summary>Lessons each worker process made, most first; one entry for a schedule inside this process.</summary>
    public IReadOnlyList<int> MadeByWorker { get; init; } = [Succeeded];

    /// <summary>
    /// No schedule can finish sooner, from the emulator's draws and the measured composition alone: the first clip cannot
    /// start before the first script is written, Veo's own time is spread at best evenly over the limit, and the last
    /// lesson is composed after its clip is done (at best as fast as one composition alone on the machine).
    /// </summary>
    public TimeSpan LowerBound => FirstScript + VeoWork / Run.Limit + Composition;
}
