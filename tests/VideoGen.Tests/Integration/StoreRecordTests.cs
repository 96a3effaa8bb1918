using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using VideoGen.Tests.Support;
using VideoGen.VertexEmulator;

namespace VideoGen.Tests.Integration;

/// <summary>
/// The store as the record: a Redis that forgot everything, a scratch folder that is gone and a replica killed while it
/// held paid clips cost nothing twice, counted at the emulator.
/// </summary>
public sealed class StoreRecordTests(RedisServer redis, Azurite azurite)
    : IClassFixture<RedisServer>, IClassFixture<Azurite>, IAsyncLifetime, IDisposable
{
    private readonly VertexWorkerRun _worker = new(redis);
    private readonly string _container = $"videos-{Guid.NewGuid():N}"[..20];

    private VertexEmulatorServer Emulator => _worker.Emulator;

    public Task InitializeAsync() => _worker.InitializeAsync();

    public Task DisposeAsync() => _worker.DisposeAsync();

    public void Dispose() => _worker.Dispose();

    private string[] BlobStore => ["--store", "blob", $"--ConnectionStrings:blobs={azurite.ConnectionString}", $"--Blob:Container={_container}"];

    private BlobContainerClient Container => new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(_container);

    private string Catalog() => _worker.Folder.File("catalog.json", JsonSerializer.Serialize(new
    {
        courses = new[]
        {
            new
            {
                id = "python", title = "Python",
                lessons = new[]
                {
                    new { id = "loops", title = "Loops", text = "A loop repeats work. The for loop walks over a list. The while loop runs until a condition is false." },
                    new { id = "lists", title = "Lists", text = "A list keeps items in order. Append adds one at the end. Slicing takes a part of it." },
                },
            },
        },
    }));

    private (int Scripts, int Speech, int Clips) Paid() =>
        (Emulator.Count("generateContent"), Emulator.Count("tts"), Emulator.State.StartedOperations);

    private static IEnumerable<string> Statuses(JsonNode report) =>
        report["lessons"]!.AsArray().Select(l => l!["status"]!.GetValue<string>());

    [Fact]
    public async Task With_the_folder_store_a_wiped_Redis_makes_nothing_again_and_gets_its_record_back()
    {
        var catalog = Catalog();
        var first = await _worker.RunAsync(catalog);
        Assert.True(first.ExitCode == 0, first.Output + first.Error);
        var video = Path.Combine(_worker.Output, "python", "loops.mp4");
        var written = File.GetLastWriteTimeUtc(video);
        var record = JsonNode.Parse(File.ReadAllText(Path.Combine(_worker.Output, "python", "loops.json")))!;
        Assert.Equal(32, record["fingerprint"]!.GetValue<string>().Length);
        var paid = Paid();

        await redis.FlushAsync();
        var second = await _worker.RunAsync(catalog);

        Assert.True(second.ExitCode == 0, second.Output + second.Error);
        Assert.All(Statuses(_worker.Report()), status => Assert.Equal("skipped", status));
        Assert.Equal(paid, Paid());
        Assert.Equal(written, File.GetLastWriteTimeUtc(video));
        Assert.Contains("Redis had no record of 2 lessons", second.Output);

        // Written back: the next run finds the lessons in Redis and says nothing of it.
        var third = await _worker.RunAsync(catalog);
        Assert.All(Statuses(_worker.Report()), status => Assert.Equal("skipped", status));
        Assert.DoesNotContain("Redis had no record", third.Output);
    }

    [Fact]
    public async Task With_the_blob_store_a_wiped_Redis_and_scratch_folder_make_nothing_and_a_deleted_video_reuses_its_paid_clip()
    {
        var catalog = Catalog();
        var first = await _worker.RunAsync(catalog, BlobStore);
        Assert.True(first.ExitCode == 0, first.Output + first.Error);
        var properties = await Container.GetBlobClient("python/loops.mp4").GetPropertiesAsync();
        Assert.Equal(32, properties.Value.Metadata["videogen_fingerprint"].Length);
        var clips = new List<string>();
        await foreach (var blob in Container.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = ".paid/clips/" }))
        {
            clips.Add(blob.Name);
        }

        Assert.Equal(2, clips.Count);
        Assert.False(Directory.Exists(Path.Combine(_worker.Output, ".clips")) && Directory.EnumerateFiles(Path.Combine(_worker.Output, ".clips")).Any(),
            "a stored lesson's clips need not stay in the scratch folder");
        var paid = Paid();

        await redis.FlushAsync();
        Directory.Delete(_worker.Output, recursive: true);
        var second = await _worker.RunAsync(catalog, BlobStore);

        Assert.True(second.ExitCode == 0, second.Output + second.Error);
        Assert.All(Statuses(_worker.Report()), status => Assert.Equal("skipped", status));
        Assert.Equal(paid, Paid());
        Assert.Equal(properties.Value.ETag, (await Container.GetBlobClient("python/loops.mp4").GetPropertiesAsync()).Value.ETag);

        // The video gone as well: the lesson is made again, and its Veo clip comes from the container, not from Veo.
        await Container.GetBlobClient("python/loops.mp4").DeleteAsync();
        await redis.FlushAsync();
        Directory.Delete(_worker.Output, recursive: true);
        var third = await _worker.RunAsync(catalog, BlobStore);

        Assert.True(third.ExitCode == 0, third.Output + third.Error);
        Assert.Equal(["succeeded", "skipped"], Statuses(_worker.Report()));
        Assert.Equal(paid.Clips, Emulator.State.StartedOperations);
        var remade = Path.Combine(_worker.Folder.Path, "remade.mp4");
        await Container.GetBlobClient("python/loops.mp4").DownloadToAsync(remade);
        await Ffprobe.AssertPlayableLessonVideoAsync(remade);
    }

    [Fact]
    public async Task A_replica_killed_while_it_holds_a_paid_clip_costs_nothing_twice_when_another_makes_the_lesson()
    {
        // Speech is slow, so the clip is paid for and kept long before the lesson could be stored.
        Emulator.State.Script(new FaultScript { Latencies = new() { ["tts"] = new LatencyDistribution(30, 0) } });
        var catalog = _worker.Folder.File("one.json", """
            {"courses":[{"id":"python","title":"Python","lessons":[
              {"id":"loops","title":"Loops","text":"A loop repeats work. The for loop walks over a list."}]}]}
            """);
        string[] replica(string scratch) =>
        [
            .. _worker.Arguments(catalog, [.. BlobStore, "--Pipeline:LeaseTime=00:00:04"]).Select(a => a == _worker.Output ? scratch : a),
        ];

        using (var first = WorkerProcess.Start(_worker.Folder.Path, replica(Path.Combine(_worker.Folder.Path, "replica-a"))))
        {
            await Wait.UntilAsync(() => ClipKept(), TimeSpan.FromMinutes(1), "the first replica to keep its paid clip in the container");
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }

        Assert.Equal(1, Emulator.State.StartedOperations);
        var polled = Emulator.Count("fetchPredictOperation");
        Emulator.State.Script(new FaultScript());

        var other = await WorkerProcess.RunAsync(_worker.Folder.Path, replica(Path.Combine(_worker.Folder.Path, "replica-b")));

        Assert.True(other.ExitCode == 0, other.Output + other.Error);
        Assert.True((await Container.GetBlobClient("python/loops.mp4").ExistsAsync()).Value);
        Assert.Equal(1, Emulator.State.StartedOperations);
        Assert.Equal(polled, Emulator.Count("fetchPredictOperation"));

        bool ClipKept()
        {
            try
            {
                return Container.GetBlobs(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = ".paid/clips/python/loops/" }).Any();
            }
            catch (Azure.RequestFailedException)
            {
                return false;
            }
        }
    }
}
