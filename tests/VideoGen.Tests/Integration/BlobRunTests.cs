using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using VideoGen.Tests.Support;

namespace VideoGen.Tests.Integration;

/// <summary>The worker storing into Blob Storage (Azurite): the videos arrive, and the skip check looks at the blobs.</summary>
public sealed class BlobRunTests(RedisServer redis, Azurite azurite) : IClassFixture<RedisServer>, IClassFixture<Azurite>, IAsyncLifetime, IDisposable
{
    private readonly TempFolder _folder = new();

    public Task InitializeAsync() => redis.FlushAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Videos_go_to_the_container_and_a_deleted_blob_is_made_again()
    {
        var catalog = _folder.File("catalog.json", """
            {"courses":[{"id":"python","title":"Python","lessons":[
              {"id":"loops","title":"Loops","text":"A loop repeats work. The for loop walks over a list."},
              {"id":"lists","title":"Lists","text":"A list keeps items in order. Append adds one at the end."}]}]}
            """);
        string[] arguments = ["--catalog", catalog, "--output", Path.Combine(_folder.Path, "scratch"), "--redis", redis.ConnectionString,
            "--store", "blob", $"--ConnectionStrings:blobs={azurite.ConnectionString}", "--Blob:Container=lessons"];
        var container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("lessons");

        var first = await WorkerProcess.RunAsync(_folder.Path, arguments);

        Assert.True(first.ExitCode == 0, first.Output + first.Error);
        var video = Path.Combine(_folder.Path, "downloaded.mp4");
        await container.GetBlobClient("python/loops.mp4").DownloadToAsync(video);
        await Ffprobe.AssertPlayableLessonVideoAsync(video);
        Assert.True((await container.GetBlobClient("python/lists.mp4").ExistsAsync()).Value);
        Assert.False(Directory.Exists(Path.Combine(_folder.Path, "scratch", "python")), "videos must not stay on the local disk");

        await container.GetBlobClient("python/lists.mp4").DeleteAsync();
        var second = await WorkerProcess.RunAsync(_folder.Path, arguments);

        Assert.True(second.ExitCode == 0, second.Output + second.Error);
        var lessons = JsonNode.Parse(File.ReadAllText(Path.Combine(_folder.Path, "scratch", "report.json")))!["lessons"]!.AsArray();
        Assert.Equal("skipped", lessons.Single(l => l!["lessonId"]!.GetValue<string>() == "loops")!["status"]!.GetValue<string>());
        Assert.Equal("succeeded", lessons.Single(l => l!["lessonId"]!.GetValue<string>() == "lists")!["status"]!.GetValue<string>());
        Assert.True((await container.GetBlobClient("python/lists.mp4").ExistsAsync()).Value);
    }

    [Fact]
    public async Task The_blob_store_without_a_storage_account_refuses_to_start()
    {
        var catalog = _folder.File("catalog.json", """{"courses":[]}""");

        var result = await WorkerProcess.RunAsync(_folder.Path,
            "--catalog", catalog, "--output", _folder.Path, "--redis", redis.ConnectionString, "--store", "blob");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("ConnectionStrings__blobs", result.Error);
    }
}
