using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using VideoGen.Tests.Support;
using Xunit.Abstractions;

namespace VideoGen.Tests.Integration;

/// <summary>Real worker processes killed at random moments, and stopped with SIGTERM: nothing stored is lost or made twice.</summary>
public sealed class CrashSafetyTests(RedisServer redis, ITestOutputHelper output) : IClassFixture<RedisServer>, IAsyncLifetime, IDisposable
{
    private const int Lessons = 8;

    private readonly TempFolder _folder = new();

    private string Output => Path.Combine(_folder.Path, "out");

    public Task InitializeAsync() => redis.FlushAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _folder.Dispose();

    private string Catalog(int lessons = Lessons) => _folder.File("catalog.json", JsonSerializer.Serialize(new
    {
        courses = new[]
        {
            new
            {
                id = "crash", title = "Crash course",
                lessons = Enumerable.Range(1, lessons).Select(i => new { id = $"l{i}", title = $"Lesson {i}", text = $"This is lesson number {i}." }).ToArray(),
            },
        },
    }));

    // A killed worker's claims lapse after the lease: a short one lets the next run take them over at once.
    private string[] Arguments(string catalog, params string[] extra) =>
        ["--catalog", catalog, "--output", Output, "--redis", redis.ConnectionString, "--Progress:Mode=Off", "--review", "off", "--camera", "off", "--Providers:Local:VideoPreset=ultrafast",
         "--Pipeline:LeaseTime=00:00:04", .. extra];

    private async Task<HashSet<string>> MarkedAsync()
    {
        await using var connection = await redis.ConnectAsync();
        var fields = await connection.GetDatabase().HashKeysAsync("videogen:finished");
        return fields.Select(f => f.ToString()).ToHashSet();
    }

    private static (DateTime, long) Stamp(string file) => (File.GetLastWriteTimeUtc(file), new FileInfo(file).Length);

    [Fact]
    public async Task A_worker_killed_again_and_again_finishes_the_batch_without_losing_or_remaking_stored_lessons()
    {
        var catalog = Catalog();
        var random = new Random(20261125);
        var stored = new Dictionary<string, (DateTime, long)>();
        var killPoints = 0;
        var madeTwice = 0;

        for (var round = 1; round <= 6 && (await MarkedAsync()).Count < Lessons; round++)
        {
            // Killed at a random moment, or once it has stored one to three more lessons, whichever comes first: a fast
            // worker would otherwise finish the whole batch before any kill.
            var delay = TimeSpan.FromMilliseconds(random.Next(800, 6000));
            var enough = (await MarkedAsync()).Count + random.Next(1, 4);
            using (var worker = WorkerProcess.Start(_folder.Path, Arguments(catalog)))
            {
                var started = DateTime.UtcNow;
                while (DateTime.UtcNow - started < delay && !worker.HasExited && (await MarkedAsync()).Count < enough)
                {
                    await Task.Delay(50);
                }

                if (worker.HasExited)
                {
                    continue;
                }

                worker.Kill(entireProcessTree: true);
                await worker.WaitForExitAsync();
                killPoints++;
            }

            var marked = await MarkedAsync();
            output.WriteLine($"kill {killPoints} after {delay.TotalSeconds:0.0} s: {marked.Count} lessons marked done");

            // No half-written file under a final name, and a video never stands without its subtitles and thumbnail.
            var course = Path.Combine(Output, "crash");
            foreach (var video in Directory.Exists(course) ? Directory.EnumerateFiles(course, "*.mp4") : [])
            {
                await Ffprobe.AssertPlayableLessonVideoAsync(video);
                Assert.True(File.Exists(Path.ChangeExtension(video, ".vtt")) && File.Exists(Path.ChangeExtension(video, ".jpg")), video);
            }

            foreach (var lesson in marked)
            {
                var video = Path.Combine(Output, lesson + ".mp4");
                Assert.True(File.Exists(video), $"{lesson} is marked done but its video is missing");
                if (stored.TryGetValue(lesson, out var before) && before != Stamp(video))
                {
                    madeTwice++;
                }

                stored.TryAdd(lesson, Stamp(video));
            }
        }

        var final = await WorkerProcess.RunAsync(_folder.Path, Arguments(catalog));

        Assert.True(final.ExitCode == 0, final.Output + final.Error);
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(Output, "report.json")))!;
        var totals = report["totals"]!;
        Assert.Equal(Lessons, totals["lessons"]!.GetValue<int>());
        Assert.Equal(0, totals["failed"]!.GetValue<int>());
        Assert.Equal(Lessons, totals["succeeded"]!.GetValue<int>() + totals["skipped"]!.GetValue<int>());
        // Marked done in Redis, or stored with its record just before a kill and found in the store: skipped either way.
        Assert.InRange(totals["skipped"]!.GetValue<int>(), stored.Count, Lessons);
        foreach (var (lesson, stamp) in stored)
        {
            if (stamp != Stamp(Path.Combine(Output, lesson + ".mp4")))
            {
                madeTwice++;
            }
        }

        var lost = Enumerable.Range(1, Lessons).Count(i => !File.Exists(Path.Combine(Output, "crash", $"l{i}.mp4")));
        output.WriteLine($"kill points: {killPoints}; stored before the last run: {stored.Count}; made by the last run: " +
                         $"{totals["succeeded"]}; made twice: {madeTwice}; lost: {lost}");
        Assert.True(killPoints >= 3, $"only {killPoints} kills landed while the worker ran");
        Assert.Equal(0, madeTwice);
        Assert.Equal(0, lost);
        Assert.False(Directory.Exists(Path.Combine(Output, ".work")), "temporary files of killed runs were left behind");
    }

    [Fact]
    public async Task Two_workers_on_one_catalog_split_the_work_and_make_each_lesson_once()
    {
        // More lessons than one worker holds at a time (small queues), so both get a share.
        const int lessons = 2 * Lessons;
        var catalog = Catalog(lessons);
        var arguments = Arguments(catalog, "--Pipeline:LeaseTime=00:00:04", "--Pipeline:QueueCapacity=1", "--Pipeline:EnhanceParallelism=1",
            "--Pipeline:NarrateParallelism=1", "--Pipeline:StoreParallelism=1", "--render-parallelism", "1");

        var runs = await Task.WhenAll(WorkerProcess.RunAsync(_folder.Path, arguments), WorkerProcess.RunAsync(_folder.Path, arguments));

        var made = new List<int>();
        foreach (var run in runs)
        {
            Assert.True(run.ExitCode == 0, run.Output + run.Error);
            var totals = System.Text.RegularExpressions.Regex.Match(run.Output, @"all courses\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)");
            Assert.True(totals.Success, run.Output);
            Assert.Equal(lessons, int.Parse(totals.Groups[2].Value) + int.Parse(totals.Groups[3].Value));
            made.Add(int.Parse(totals.Groups[2].Value));
        }

        output.WriteLine($"lessons made by each worker: {string.Join(" + ", made)} = {made.Sum()} of {lessons}");
        Assert.Equal(lessons, made.Sum());
        Assert.All(made, m => Assert.True(m > 0, "one worker did all the work"));
        Assert.Equal(lessons, (await MarkedAsync()).Count);
    }

    [Fact]
    public async Task Lessons_claimed_by_a_dead_worker_are_taken_over_when_its_claim_expires()
    {
        var catalog = Catalog();
        await using (var connection = await redis.ConnectAsync())
        {
            await connection.GetDatabase().StringSetAsync("videogen:lease:crash/l3", "dead-worker", TimeSpan.FromSeconds(3));
        }

        var run = await WorkerProcess.RunAsync(_folder.Path, Arguments(catalog, "--Pipeline:LeaseTime=00:00:02"));

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains("being made by other workers", run.Output);
        Assert.Equal(Lessons, (await MarkedAsync()).Count);
        await Ffprobe.AssertPlayableLessonVideoAsync(Path.Combine(Output, "crash", "l3.mp4"));
    }

    [Fact]
    public async Task Sigterm_stops_taking_lessons_lets_those_in_flight_finish_and_writes_the_report()
    {
        var catalog = Catalog();
        using var worker = WorkerProcess.Start(_folder.Path, Arguments(catalog, "--render-parallelism", "1", "--Pipeline:QueueCapacity=1"));
        await Wait.UntilAsync(async () => (await MarkedAsync()).Count > 0, TimeSpan.FromSeconds(60), "the first lesson to be marked done");

        using (var term = Process.Start("kill", ["-TERM", worker.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }

        await worker.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, worker.ExitCode);
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(Output, "report.json")))!;
        var lessons = report["lessons"]!.AsArray();
        var made = lessons.Count(l => l!["status"]!.GetValue<string>() == "succeeded");
        Assert.Equal(Lessons, lessons.Count);
        Assert.InRange(made, 1, Lessons - 1);
        Assert.Equal(made, (await MarkedAsync()).Count);
        Assert.All(lessons.Where(l => l!["status"]!.GetValue<string>() == "failed"), l => Assert.Contains("stopped", l!["error"]!.GetValue<string>()));
        Assert.False(Directory.Exists(Path.Combine(Output, ".work")));
        output.WriteLine($"SIGTERM after the first stored lesson: {made} made, {Lessons - made} left for the next run");
    }
}
