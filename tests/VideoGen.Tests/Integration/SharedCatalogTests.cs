using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using VideoGen.Tests.Support;
using VideoGen.Worker.Batch;

namespace VideoGen.Tests.Integration;

/// <summary>
/// Several workers in service mode on one queued catalog: they make it together, each lesson once, and when one is
/// killed the others take its lessons over once its claims run out; one report comes out, merged from Redis.
/// </summary>
public sealed partial class SharedCatalogTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime, IDisposable
{
    private const int Courses = 3;
    private const int LessonsPerCourse = 8;
    private static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(4);

    private readonly TempFolder _folder = new();

    private string Output => Path.Combine(_folder.Path, "out");

    public Task InitializeAsync() => redis.FlushAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _folder.Dispose();

    [GeneratedRegex(@"Made (\S+): ")]
    private static partial Regex MadeLine();

    [GeneratedRegex(@"Progress \d+/24 \(\d+ ?%\) across [23] workers \(\d+ made here\)")]
    private static partial Regex ProgressAcross();

    [Fact]
    public async Task Three_workers_make_one_catalog_each_lesson_once_and_take_over_the_lessons_of_one_killed_mid_catalog()
    {
        var logs = Enumerable.Range(0, 3).Select(_ => new ConcurrentQueue<string>()).ToArray();
        var workers = logs.Select(log => WorkerProcess.Start(_folder.Path, log,
            "--mode", "service", "--review", "off", "--camera", "off", "--Providers:Local:VideoPreset=ultrafast", "--output", Output, "--redis", redis.ConnectionString, "--urls", $"http://127.0.0.1:{RedisServer.FreePort()}",
            "--VideoGen:QueuePollInterval=00:00:00.200", $"--Pipeline:LeaseTime={LeaseTime:c}", "--Progress:Interval=00:00:01")).ToArray();
        try
        {
            await WaitUntilAsync(() => logs.All(log => log.Any(l => l.Contains("Waiting for catalogs", StringComparison.Ordinal))), "the workers to start");
            var queued = await WorkerProcess.RunAsync(_folder.Path, "--enqueue", Catalog(), "--redis", redis.ConnectionString);
            Assert.True(queued.ExitCode == 0, queued.Output + queued.Error);

            // Once the catalog is well under way, kill -9 a worker in the middle of lessons.
            await using var connection = await redis.ConnectAsync();
            var db = connection.GetDatabase();
            var server = connection.GetServer(redis.ConnectionString);
            Process? victim = null;
            await WaitUntilAsync(() =>
            {
                if (logs.Sum(log => log.Count(l => MadeLine().IsMatch(l))) < 4)
                {
                    return false;
                }

                var owners = server.Keys(pattern: "videogen:lease:*").Select(key => db.StringGet(key).ToString()).ToList();
                victim = workers.FirstOrDefault(w => owners.Any(owner => owner.StartsWith(WorkerName(w) + ":", StringComparison.Ordinal)));
                return victim is not null;
            }, "a worker in the middle of lessons");
            var victimName = WorkerName(victim!);
            victim!.Kill();
            await victim.WaitForExitAsync();

            // The lessons it held when it died: its claims outlive it, and nobody may take them until they run out.
            var victimsLessons = new List<string>();
            foreach (var key in server.Keys(pattern: "videogen:lease:*"))
            {
                var owner = db.StringGet(key);
                var left = db.KeyTimeToLive(key);
                if (owner.ToString().StartsWith(victimName + ":", StringComparison.Ordinal) && left > TimeSpan.Zero)
                {
                    victimsLessons.Add(key.ToString()["videogen:lease:".Length..]);
                }
            }

            Assert.NotEmpty(victimsLessons);
            // The work left, which the platform scales replicas on, counts the lessons without an outcome.
            Assert.InRange(db.ListLength(SharedCatalog.WaitingLessonsKey), 1, Courses * LessonsPerCourse - 1);

            await WaitUntilAsync(() => File.Exists(Path.Combine(Output, "report.json")), "the merged report");
            // The report is written first, then the catalog is marked finished: the lists empty right after it.
            await WaitUntilAsync(() => db.ListLength(SharedCatalog.WaitingLessonsKey) == 0 && db.ListLength(SharedCatalog.ActiveKey) == 0,
                "no lesson left waiting and no catalog active");

            var survivors = logs.Where((_, i) => workers[i] != victim).SelectMany(log => log).ToList();
            var made = logs.SelectMany(log => log).Select(l => MadeLine().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();
            var lessons = Enumerable.Range(1, Courses).SelectMany(c => Enumerable.Range(1, LessonsPerCourse).Select(l => $"course{c}/lesson{l}")).ToList();
            // No lesson made twice, across the three workers. (One the killed worker stored and marked done in the instant
            // before its log line is made without a line: the report has it as found made, below.)
            Assert.Empty(made.GroupBy(m => m).Where(g => g.Count() > 1).Select(g => g.Key));
            Assert.All(made, m => Assert.Contains(m, lessons));

            var reports = Directory.GetDirectories(Path.Combine(Output, "reports"));
            var folder = Assert.Single(reports);
            var report = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "report.json")))!;
            Assert.Equal(await File.ReadAllTextAsync(Path.Combine(folder, "report.json")), await File.ReadAllTextAsync(Path.Combine(Output, "report.json")));
            Assert.True(File.Exists(Path.Combine(folder, "report.html")));
            var entries = report["lessons"]!.AsArray();
            Assert.Equal(lessons.Count, entries.Count);
            var entryOf = entries.ToDictionary(l => $"{l!["courseId"]}/{l["lessonId"]}", l => l!);
            var victimsLog = logs[Array.IndexOf(workers, victim)];
            bool MadeByVictim(string lesson) => victimsLog.Any(l => l.Contains($"Made {lesson}: ", StringComparison.Ordinal));

            // The lessons the killed worker held were made by the others, once its claims had run out. One it had
            // finished but not yet let go of is its own; one it had just stored, but died before saying so, is found
            // made by the others and kept: skipped. None is made twice.
            var takenOver = victimsLessons.Where(lesson => made.Contains(lesson) && !MadeByVictim(lesson)).ToList();
            Assert.NotEmpty(takenOver);
            Assert.All(takenOver, lesson =>
            {
                Assert.NotEqual(victimName, entryOf[lesson]["worker"]!.GetValue<string>());
                Assert.Equal("succeeded", entryOf[lesson]["status"]!.GetValue<string>());
                Assert.Contains(survivors, l => l.Contains($"Made {lesson}: ", StringComparison.Ordinal));
            });
            Assert.All(victimsLessons.Except(takenOver), lesson =>
                Assert.Equal(entryOf[lesson]["worker"]!.GetValue<string>() == victimName ? "succeeded" : "skipped", entryOf[lesson]["status"]!.GetValue<string>()));
            Assert.All(entryOf.Where(e => !victimsLessons.Contains(e.Key) && made.Contains(e.Key)), e => Assert.Equal("succeeded", e.Value["status"]!.GetValue<string>()));
            Assert.All(lessons.Except(made), lesson => Assert.Equal("skipped", entryOf[lesson]["status"]!.GetValue<string>()));
            Assert.All(entries, l => Assert.True(File.Exists(Path.Combine(Output, l!["video"]!.GetValue<string>()))));
            Assert.True(entries.Select(l => l!["worker"]!.GetValue<string>()).Distinct().Count() >= 2, "at least two workers made lessons");
            // Progress lines count the catalog across the workers, with each worker's own share.
            Assert.Contains(survivors, l => ProgressAcross().IsMatch(l));
            await Ffprobe.AssertPlayableLessonVideoAsync(Path.Combine(Output, takenOver[0] + ".mp4"));
        }
        finally
        {
            foreach (var worker in workers.Where(w => !w.HasExited))
            {
                Process.Start("kill", ["-TERM", worker.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
                using var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                await worker.WaitForExitAsync(stopped.Token);
            }

            foreach (var worker in workers)
            {
                worker.Dispose();
            }
        }
    }

    [Fact]
    public void The_deployed_scale_rules_watch_the_lists_the_workers_keep()
    {
        var rules = File.ReadAllText(Path.Combine(NodePackages.RepositoryRoot(), "deploy", "worker-scale.yaml"));

        Assert.Contains($"listName: \"{SharedCatalog.WaitingLessonsKey}\"", rules, StringComparison.Ordinal);
        Assert.Contains($"listName: \"{VideoGen.Worker.Service.CatalogQueue.QueueKey}\"", rules, StringComparison.Ordinal);
    }

    private static string WorkerName(Process worker) => $"{Environment.MachineName}:{worker.Id}";

    private string Catalog()
    {
        var courses = Enumerable.Range(1, Courses).Select(c => new JsonObject
        {
            ["id"] = $"course{c}",
            ["title"] = $"Course {c}",
            ["lessons"] = new JsonArray(Enumerable.Range(1, LessonsPerCourse).Select(l => (JsonNode)new JsonObject
            {
                ["id"] = $"lesson{l}",
                ["title"] = $"Lesson {l} of course {c}",
                ["text"] = $"Lesson {l} explains one idea. A loop repeats work {l} times.",
            }).ToArray()),
        });
        return _folder.File("shared.json", new JsonObject { ["courses"] = new JsonArray([.. courses]) }.ToJsonString());
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(4), $"timed out waiting for {what}");
            await Task.Delay(100);
        }
    }
}
