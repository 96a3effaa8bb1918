using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using VideoGen.Worker.Catalog;
using VideoGen.Worker.CommandLine;
using VideoGen.Worker.Ledger;
using VideoGen.Worker.Pipeline;
using VideoGen.Worker.Providers.Local;
using VideoGen.Worker.Providers.Presenter;
using VideoGen.Worker.Progress;
using VideoGen.Worker.Stages;
using VideoGen.Worker.Telemetry;

namespace VideoGen.Bench;

/// <summary>
/// What the pipeline costs on its own, with stages that do no work: memory for a large catalog, time per lesson
/// through the Dataflow graph with a real Redis ledger, and the bulk skip decision.
/// </summary>
internal static class OverheadBench
{
    private const int StoreRecordLessons = 10_000;

    public static async Task<List<(string Measure, string Result, string Goal)>> RunAsync(LocalRedis redis, int lessons)
    {
        var rows = new List<(string Measure, string Result, string Goal)>();
        var folder = Directory.CreateTempSubdirectory("videogen-bench-");
        try
        {
            // 1. Memory first: the peak working set of the process covers everything that ran before it.
            var catalogPath = Path.Combine(folder.FullName, "catalog.json");
            WriteCatalog(catalogPath, lessons);
            var catalog = await CatalogReader.ReadAsync(catalogPath, CancellationToken.None);
            var throughCatalog = await RunAsync(catalog, redis);
            using var self = Process.GetCurrentProcess();
            self.Refresh();
            rows.Add(($"peak memory, {lessons:N0}-lesson catalog read and run through the graph",
                $"{self.PeakWorkingSet64 / 1024.0 / 1024:0} MB working set ({new FileInfo(catalogPath).Length / 1024.0 / 1024:0} MB catalog)", "< 300 MB"));
            rows.Add(($"time per lesson through the graph with a Redis ledger ({lessons:N0} lessons)",
                $"{throughCatalog.TotalMilliseconds * 1000 / lessons:0} µs ({lessons / throughCatalog.TotalSeconds:N0} lessons/s)", "< 1 ms"));

            // 2. The skip decision: every lesson already finished; read the done-set in bulk and compare fingerprints.
            var ledger = new RedisLessonLedger(redis.Connection, new RedisDurability(redis.Connection, Microsoft.Extensions.Options.Options.Create(new RedisDurabilityOptions()), Microsoft.Extensions.Logging.Abstractions.NullLogger<RedisDurability>.Instance));
            var stages = new InstantStages();
            var fingerprints = new LessonFingerprint(stages, stages, new NoFootage(), stages, new NoPresenter());
            var decide = Stopwatch.StartNew();
            var finished = await ledger.ReadFinishedAsync(catalog.Select(l => l.Key).ToList(), CancellationToken.None);
            var skipped = catalog.Count(l => finished.TryGetValue(l.Key, out var made) && made == fingerprints.For(l, "bench"));
            decide.Stop();
            rows.Add(($"skip decision for {lessons:N0} finished lessons (bulk read + fingerprints)",
                $"{decide.Elapsed.TotalMilliseconds:0} ms ({skipped:N0} skipped)", "< 1 s"));

            // 3. The same decision when Redis has no record: one listing of the folder store, each video's record read.
            var stored = catalog.Take(StoreRecordLessons).ToList();
            var store = new FolderLessonStore(Options.Create(new WorkerOptions { Output = Path.Combine(folder.FullName, "store") }));
            foreach (var lesson in stored)
            {
                var course = Directory.CreateDirectory(Path.Combine(folder.FullName, "store", lesson.Key.CourseId)).FullName;
                File.WriteAllText(Path.Combine(course, lesson.Key.LessonId + ".mp4"), "");
                File.WriteAllText(Path.Combine(course, lesson.Key.LessonId + ".json"), JsonSerializer.Serialize(
                    new StoredRecord(fingerprints.For(lesson, "bench"), "0123456789abcdef", DateTimeOffset.UnixEpoch), JsonSerializerOptions.Web));
            }

            var fromStore = Stopwatch.StartNew();
            var records = await store.ListAsync(stored.Select(l => l.Key).ToList(), CancellationToken.None);
            var found = stored.Count(l => records.TryGetValue(l.Key, out var video) && video.Record?.Fingerprint == fingerprints.For(l, "bench"));
            fromStore.Stop();
            rows.Add(($"skip decision for {stored.Count:N0} finished lessons with Redis empty (folder store's records)",
                $"{fromStore.Elapsed.TotalMilliseconds:0} ms ({found:N0} found)", "< 5 s"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        return rows;
    }

    private static async Task<TimeSpan> RunAsync(IReadOnlyList<Lesson> catalog, LocalRedis redis)
    {
        await using var services = BenchStack.Overhead(redis);
        var pipeline = services.GetRequiredService<LessonPipeline>();
        var fingerprints = services.GetRequiredService<LessonFingerprint>();
        var work = new WorkFolders(Path.Combine(Path.GetTempPath(), "videogen-bench-overhead"), TimeProvider.System);

        var clock = Stopwatch.StartNew();
        await pipeline.RunAsync(
            catalog.Select((l, i) => new ClaimedLesson(new PlannedLesson(i, l, fingerprints.For(l, "bench")), NoClaim.Instance)).ToAsyncEnumerable(),
            work, _ => Task.CompletedTask, CancellationToken.None, CancellationToken.None);
        clock.Stop();
        work.RemoveOwn();
        return clock.Elapsed;
    }

    private static void WriteCatalog(string path, int lessons)
    {
        const string text = "A loop repeats work until a condition changes. The for loop walks over the items of a list, " +
                            "and the while loop runs as long as its condition stays true. Use break to leave a loop early, " +
                            "and continue to skip to the next repetition. Keep loops short and their conditions clear.";
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream);
        json.WriteStartObject();
        json.WriteStartArray("courses");
        const int perCourse = 50;
        for (var c = 0; c * perCourse < lessons; c++)
        {
            json.WriteStartObject();
            json.WriteString("id", $"course-{c:D5}");
            json.WriteString("title", $"Course {c}");
            json.WriteStartArray("lessons");
            for (var l = c * perCourse; l < Math.Min(lessons, (c + 1) * perCourse); l++)
            {
                json.WriteStartObject();
                json.WriteString("id", $"lesson-{l:D6}");
                json.WriteString("title", $"Lesson {l}");
                json.WriteString("text", text);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
