using System.Diagnostics;
using System.Net;
using System.Text.Json;
using VideoGen.Tests.Support;
using VideoGen.Worker.Batch;
using VideoGen.Worker.Service;

namespace VideoGen.Tests.Integration;

/// <summary>The worker as a long-running service: health endpoints, catalogs queued while it runs, a clean stop.</summary>
public sealed class ServiceModeTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime, IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly int _port = RedisServer.FreePort();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    private string Output => Path.Combine(_folder.Path, "out");

    public Task InitializeAsync() => redis.FlushAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _http.Dispose();
        _folder.Dispose();
    }

    private Process StartService() => WorkerProcess.Start(_folder.Path,
        "--mode", "service", "--output", Output, "--redis", redis.ConnectionString,
        "--urls", $"http://127.0.0.1:{_port}", "--VideoGen:QueuePollInterval=00:00:00.200");

    private async Task<HttpStatusCode> WaitForAsync(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var response = await _http.GetAsync(new Uri($"http://127.0.0.1:{_port}{path}"));
                return response.StatusCode;
            }
            catch (HttpRequestException) when (attempt < 150)
            {
                await Task.Delay(200);
            }
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < timeout, $"timed out waiting for {what}");
            await Task.Delay(250);
        }
    }

    private string Catalog(string name, string lesson) => _folder.File(name, $$"""
        {"courses":[{"id":"python","title":"Python","lessons":[
          {"id":"{{lesson}}","title":"{{lesson}}","text":"A loop repeats work. The for loop walks over a list."}]}]}
        """);

    [Fact]
    public async Task Catalogs_queued_while_the_service_runs_are_made_and_it_waits_for_more_until_stopped()
    {
        using var service = StartService();
        try
        {
            Assert.Equal(HttpStatusCode.OK, await WaitForAsync("/alive"));
            Assert.Equal(HttpStatusCode.OK, await WaitForAsync("/health"));

            var queued = await WorkerProcess.RunAsync(_folder.Path, "--enqueue", Catalog("first.json", "loops"), "--redis", redis.ConnectionString);
            Assert.True(queued.ExitCode == 0, queued.Output + queued.Error);
            Assert.Contains("Queued", queued.Output);
            await WaitUntilAsync(() => File.Exists(Path.Combine(Output, "python", "loops.mp4")), TimeSpan.FromMinutes(2), "the first catalog");

            // Still there, and still taking work.
            Assert.False(service.HasExited);
            await WorkerProcess.RunAsync(_folder.Path, "--enqueue", Catalog("second.json", "lists"), "--redis", redis.ConnectionString);
            await WaitUntilAsync(() => File.Exists(Path.Combine(Output, "python", "lists.mp4")), TimeSpan.FromMinutes(2), "the second catalog");
            await Ffprobe.AssertPlayableLessonVideoAsync(Path.Combine(Output, "python", "lists.mp4"));
            await using var connection = await redis.ConnectAsync();
            await WaitUntilAsync(() => connection.GetDatabase().ListLength(SharedCatalog.ActiveKey) == 0, TimeSpan.FromSeconds(30), "the catalogs to finish");
            Assert.Equal(0, connection.GetDatabase().ListLength(CatalogQueue.QueueKey));
            Assert.Equal(0, CatalogsBeingMade(connection));

            // Each catalog's report in a folder of its own; the output folder's report is the latest.
            var reports = Directory.GetDirectories(Path.Combine(Output, "reports")).Order().ToList();
            Assert.Equal(["0001-first", "0002-second"], reports.Select(Path.GetFileName));
            Assert.Contains("loops", File.ReadAllText(Path.Combine(reports[0], "report.json")));
            Assert.Equal(File.ReadAllText(Path.Combine(reports[1], "report.json")), File.ReadAllText(Path.Combine(Output, "report.json")));
            Assert.Contains("href=\"../../python/lists.mp4\"", File.ReadAllText(Path.Combine(reports[1], "report.html")));
        }
        finally
        {
            Process.Start("kill", ["-TERM", service.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
            using var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await service.WaitForExitAsync(stopped.Token);
        }

        Assert.Equal(0, service.ExitCode);
    }

    /// <summary>Entries in every worker's working list.</summary>
    private long CatalogsBeingMade(StackExchange.Redis.IConnectionMultiplexer connection) =>
        connection.GetServer(redis.ConnectionString).Keys(pattern: "videogen:catalogs:working*")
            .Sum(key => connection.GetDatabase().ListLength(key));

    [Fact]
    public async Task A_worker_takes_back_only_the_catalogs_of_workers_whose_heartbeat_ran_out()
    {
        await using var connection = await redis.ConnectAsync();
        var db = connection.GetDatabase();
        string Entry(string name, string lesson) =>
            JsonSerializer.Serialize(new QueuedCatalog(name, File.ReadAllText(Catalog(name, lesson)), DateTimeOffset.UtcNow));

        // One worker is alive and making a catalog; another died while making one.
        await db.ListLeftPushAsync(CatalogQueue.WorkingKeyOf("live-worker"), Entry("live.json", "tuples"));
        await db.StringSetAsync(CatalogQueue.HeartbeatKeyOf("live-worker"), "alive", TimeSpan.FromMinutes(5));
        await db.ListLeftPushAsync(CatalogQueue.WorkingKeyOf("dead-worker"), Entry("dead.json", "sets"));
        await db.SetAddAsync(CatalogQueue.WorkersKey, ["live-worker", "dead-worker"]);
        var tuples = Path.Combine(Output, "python", "tuples.mp4");

        using var service = StartService();
        try
        {
            await WaitUntilAsync(() => File.Exists(Path.Combine(Output, "python", "sets.mp4")), TimeSpan.FromMinutes(2), "the dead worker's catalog");
            // Several more rounds of the idle loop, each of which looks for stopped workers (an EXISTS of each one's
            // heartbeat): counted in this class's own Redis, so a slow service cannot pass for one that left it alone.
            var looked = await CallsAsync(connection, "exists");
            await Wait.UntilAsync(async () => await CallsAsync(connection, "exists") >= looked + 3, TimeSpan.FromMinutes(1), "three more rounds of the idle loop");
            Assert.False(File.Exists(tuples), "a live worker's catalog was taken");
            Assert.Equal(1, db.ListLength(CatalogQueue.WorkingKeyOf("live-worker")));

            // Once the live worker's heartbeat runs out too, its catalog is made here.
            await db.KeyExpireAsync(CatalogQueue.HeartbeatKeyOf("live-worker"), TimeSpan.FromMilliseconds(200));
            await WaitUntilAsync(() => File.Exists(tuples), TimeSpan.FromMinutes(2), "the catalog of the worker that stopped beating");
            Assert.Equal(0, db.ListLength(CatalogQueue.WorkingKeyOf("live-worker")));
        }
        finally
        {
            Process.Start("kill", ["-TERM", service.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
            using var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await service.WaitForExitAsync(stopped.Token);
        }

        // Stopped cleanly, it says so: no heartbeat and no working list of its own are left behind.
        Assert.Equal(0, service.ExitCode);
        Assert.Empty(connection.GetServer(redis.ConnectionString).Keys(pattern: "videogen:catalogs:heartbeat:*"));
        Assert.Equal(0, CatalogsBeingMade(connection));
    }

    [Fact]
    public async Task A_broken_catalog_is_refused_when_queued_and_never_reaches_the_queue()
    {
        var broken = _folder.File("broken.json", """{"courses": [ {"id": "python", """);

        var result = await WorkerProcess.RunAsync(_folder.Path, "--enqueue", broken, "--redis", redis.ConnectionString);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("broken.json", result.Error);
        await using var connection = await redis.ConnectAsync();
        Assert.Equal(0, connection.GetDatabase().ListLength(CatalogQueue.QueueKey));
    }

    /// <summary>How often Redis has run a command so far, from its own statistics.</summary>
    private async Task<long> CallsAsync(StackExchange.Redis.ConnectionMultiplexer connection, string command)
    {
        var info = await connection.GetServer(redis.ConnectionString).InfoAsync("commandstats");
        var stat = info.SelectMany(group => group).FirstOrDefault(pair => pair.Key == $"cmdstat_{command}").Value;
        return stat is null ? 0 : long.Parse(stat.Split(',')[0].Split('=')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
