using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using StackExchange.Redis;
using VideoGen.Tests.Support;
using Xunit.Abstractions;

namespace VideoGen.Tests.Integration;

/// <summary>Redis goes away in the middle of a run and comes back: the run waits for it and no lesson fails.</summary>
public sealed class RedisOutageTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly int _port = RedisServer.FreePort();

    public void Dispose() => _folder.Dispose();

    private Process StartRedis() => Process.Start(new ProcessStartInfo("redis-server",
        ["--port", _port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _folder.Path, "--appendonly", "yes", "--save", ""])
    {
        RedirectStandardOutput = true,
    })!;

    private async Task<int> MarkedAsync()
    {
        try
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{_port},connectTimeout=500");
            return (int)await redis.GetDatabase().HashLengthAsync("videogen:finished");
        }
        catch (RedisConnectionException)
        {
            return -1;
        }
    }

    [Fact]
    public async Task A_redis_restart_mid_run_pauses_the_work_that_needs_it_and_fails_no_lesson()
    {
        const int lessons = 8;
        var catalog = _folder.File("catalog.json", JsonSerializer.Serialize(new
        {
            courses = new[]
            {
                new { id = "outage", title = "Outage", lessons = Enumerable.Range(1, lessons).Select(i => new { id = $"l{i}", title = $"Lesson {i}", text = $"Lesson number {i}." }).ToArray() },
            },
        }));
        var redis = StartRedis();
        try
        {
            while (await MarkedAsync() < 0)
            {
                await Task.Delay(100);
            }

            var run = WorkerProcess.RunAsync(_folder.Path, "--catalog", catalog, "--output", Path.Combine(_folder.Path, "out"),
                "--redis", $"127.0.0.1:{_port}", "--render-parallelism", "1", "--Progress:Mode=Off");
            await Wait.UntilAsync(async () => await MarkedAsync() >= 1, TimeSpan.FromMinutes(1), "the first lesson to be marked done");

            using (var stop = Process.Start("kill", ["-TERM", redis.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await stop.WaitForExitAsync();
            }

            await redis.WaitForExitAsync();
            redis.Dispose();

            // A video is moved into place just before its lesson is marked: once a new one is there, a lesson needs
            // Redis while it is down. Keep it down longer than the Redis client's own 5 s backlog from then, so the
            // pipeline's waiting is what carries the run, whatever the machine's speed.
            var videos = Path.Combine(_folder.Path, "out", "outage");
            int Videos() => Directory.Exists(videos) ? Directory.GetFiles(videos, "*.mp4").Length : 0;
            var videosAtOutage = Videos();
            await Wait.UntilAsync(() => Videos() > videosAtOutage, TimeSpan.FromMinutes(2), "a video to be stored while Redis is down", 100);

            await Task.Delay(TimeSpan.FromSeconds(7));
            redis = StartRedis();

            var result = await run;

            Assert.True(result.ExitCode == 0, result.Output + result.Error);
            Assert.Contains("Redis is unavailable", result.Output);
            var report = JsonNode.Parse(File.ReadAllText(Path.Combine(_folder.Path, "out", "report.json")))!;
            Assert.Equal(lessons, report["totals"]!["succeeded"]!.GetValue<int>());
            Assert.Equal(lessons, await MarkedAsync());
            output.WriteLine($"waits for Redis logged: {result.Output.Split("Redis is unavailable").Length - 1}");
        }
        finally
        {
            if (!redis.HasExited)
            {
                redis.Kill();
                await redis.WaitForExitAsync();
            }
        }
    }
}
