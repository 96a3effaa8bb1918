using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using VideoGen.VertexEmulator;
using VideoGen.Worker.Catalog;
using VideoGen.Worker.Ledger;
using VideoGen.Worker.Pipeline;
using VideoGen.Worker.Providers.Vertex;
using VideoGen.Worker.Stages;

namespace VideoGen.Bench;

/// <summary>
/// Makes a catalog's videos through the emulator with time-scaled latencies, three ways on the same latency draws
/// (the draws come from each request's content, so every run meets the same slow clips): the batch-of-3 schedule
/// the product replaces, the pipeline at the same parallelism, and the pipeline finding a concurrency quota by itself.
/// </summary>
internal sealed class ThroughputBench(LocalRedis redis, BenchEmulator emulator, double timeScale)
{
    public const int Parallelism = 3;
    public const int Quota = 8;
    public const int AdaptiveCeiling = 16;

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

    public Task<RunResult> BaselineAsync(IReadOnlyList<Lesson> catalog) =>
        MeasureAsync(catalog, Parallelism, quota: 0, async (services, lessons, work) =>
        {
            // The reference: three lessons at a time, each through every stage; wait for the slowest, pause, go on.
            var stages = services.GetRequiredService<StageRunner>();
            var enhancer = services.GetRequiredService<IEnhancer>();
            var narrator = services.GetRequiredService<INarrator>();
            var renderer = services.GetRequiredService<IRenderer>();
            var ledger = services.GetRequiredService<ILessonLedger>();
            var finished = new List<LessonJob>();
            await foreach (var batch in lessons.Chunk(Parallelism))
            {
                finished.AddRange(await Task.WhenAll(batch.Select(async lesson =>
                {
                    await using var job = LessonJob.Open(lesson, work, "vertex");
                    await stages.RunAsync(job, "enhance", async (j, ct) => j.Script = await enhancer.EnhanceAsync(j.Lesson, ct), CancellationToken.None);
                    await stages.RunAsync(job, "narrate", async (j, ct) => j.Narration = await narrator.NarrateAsync(j.Script!, j.WorkFolder, ct), CancellationToken.None);
                    await stages.RunAsync(job, "render", async (j, ct) =>
                        j.Video = await renderer.RenderAsync(j.Planned.Version, j.Script!, j.Narration!, j.WorkFolder, ct), CancellationToken.None);
                    await stages.RunAsync(job, "store", async (j, ct) =>
                    {
                        await ledger.MarkFinishedAsync(j.Lesson.Key, j.Fingerprint, ct);
                        await renderer.ReleaseAsync(j.Planned.Version, ct);
                    }, CancellationToken.None);
                    return job;
                })));
                await Task.Delay(BatchPause / timeScale);
            }

            return finished;
        });

    public Task<RunResult> PipelineAsync(IReadOnlyList<Lesson> catalog, int renderParallelism, int quota) =>
        MeasureAsync(catalog, renderParallelism, quota, async (services, lessons, work) =>
        {
            var finished = new List<LessonJob>();
            await services.GetRequiredService<LessonPipeline>().RunAsync(lessons, work, job =>
            {
                lock (finished)
                {
                    finished.Add(job);
                }
            }, CancellationToken.None, CancellationToken.None);
            return finished;
        });

    private async Task<RunResult> MeasureAsync(
        IReadOnlyList<Lesson> catalog, int renderParallelism, int quota,
        Func<IServiceProvider, IAsyncEnumerable<ClaimedLesson>, WorkFolders, Task<List<LessonJob>>> run)
    {
        await redis.FlushAsync();
        emulator.State.Reset();
        emulator.State.Script(Script(quota));
        var output = Directory.CreateTempSubdirectory("videogen-throughput-");
        try
        {
            await using var services = BenchStack.Vertex(redis, emulator, renderParallelism, timeScale, output.FullName);
            var limit = services.GetRequiredService<AdaptiveConcurrency>();
            var fingerprints = services.GetRequiredService<LessonFingerprint>();

            var clock = Stopwatch.StartNew();
            // Lazily, as a real run does: a lesson's work folder exists from when it enters the graph.
            var lessons = catalog.Select((lesson, i) => new ClaimedLesson(new PlannedLesson(i, lesson, fingerprints.For(lesson, "vertex")), NoClaim.Instance));
            var finished = await run(services, lessons.ToAsyncEnumerable(), new WorkFolders(output.FullName, TimeProvider.System));
            clock.Stop();

            var first = finished.Single(j => j.Lesson.Key == catalog[0].Key);
            return new RunResult(
                Lessons: catalog.Count,
                Succeeded: finished.Count(j => !j.IsFailed),
                FirstError: finished.FirstOrDefault(j => j.IsFailed)?.Error,
                Makespan: clock.Elapsed,
                FirstLessonPath: TimeSpan.FromMilliseconds(first.StageMilliseconds["enhance"] + first.StageMilliseconds["narrate"]),
                RenderWork: TimeSpan.FromMilliseconds(finished.Sum(j => j.StageMilliseconds.GetValueOrDefault("render"))),
                VeoWork: TimeSpan.FromMilliseconds(emulator.State.TotalLatencyMs("veo")),
                VeoStarts: emulator.State.CountOf("predictLongRunning"),
                VeoRefusals: emulator.State.CountOf("predictLongRunning.refused"),
                Requests: emulator.State.TotalRequests,
                FinalLimit: limit.Limit);
        }
        finally
        {
            output.Delete(recursive: true);
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
    int Lessons, int Succeeded, string? FirstError, TimeSpan Makespan, TimeSpan FirstLessonPath,
    TimeSpan RenderWork, TimeSpan VeoWork, int VeoStarts, int VeoRefusals, int Requests, int FinalLimit)
{
    /// <summary>
    /// The render stage's total time spread perfectly over the parallelism, after the first lesson reaches it. The
    /// render time includes what no schedule can avoid: finding out by polling that a clip is done, and fetching it.
    /// </summary>
    public TimeSpan LowerBound(int parallelism) => RenderWork / parallelism + FirstLessonPath;

    /// <summary>The same with Veo's own time only, as if a clip were known and in hand the moment it is made.</summary>
    public TimeSpan VeoBound(int parallelism) => VeoWork / parallelism + FirstLessonPath;
}
