using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;
using VideoGen.Tests.Support;
using VideoGen.Worker.Catalog;
using VideoGen.Worker.Stages;
using VideoGen.Worker.Providers.Blob;

namespace VideoGen.Tests.Providers;

/// <summary>The Blob Storage store against Azurite.</summary>
public sealed class BlobLessonStoreTests(Azurite azurite) : IClassFixture<Azurite>, IDisposable
{
    private static readonly LessonKey Lesson = new("intro-to-python", "01-variables");

    private static readonly StoredRecord Made = new("0123456789abcdef0123456789abcdef", "fedcba9876543210", DateTimeOffset.Parse("2026-12-04T10:00:00Z"));

    private readonly TempFolder _folder = new();
    private readonly string _container = $"videos-{Guid.NewGuid():N}"[..20];

    public void Dispose() => _folder.Dispose();

    private BlobLessonStore Store(string? connectionString = null) =>
        new(new BlobServiceClient(connectionString ?? azurite.ConnectionString), Options.Create(new BlobStoreOptions { Container = _container }));

    private RenderedVideo Rendered(string content) => new(
        _folder.File("v.mp4", content), _folder.File("t.jpg", "thumbnail"), _folder.File("s.vtt", "WEBVTT\n"));

    [Fact]
    public async Task Stores_the_video_with_its_subtitles_and_thumbnail_in_a_container_it_makes()
    {
        var store = Store();
        Assert.Null(await store.FindVideoAsync(Lesson, CancellationToken.None));

        var name = await store.StoreAsync(Lesson, Rendered("first video"), Made, CancellationToken.None);

        Assert.Equal("intro-to-python/01-variables.mp4", name);
        Assert.Equal(name, await store.FindVideoAsync(Lesson, CancellationToken.None));
        var container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(_container);
        var blobs = new List<string>();
        await foreach (var blob in container.GetBlobsAsync())
        {
            blobs.Add($"{blob.Name} {blob.Properties.ContentType}");
        }

        Assert.Equal(["intro-to-python/01-variables.jpg image/jpeg", "intro-to-python/01-variables.mp4 video/mp4", "intro-to-python/01-variables.vtt text/vtt"], blobs.Order());
        var video = await container.GetBlobClient(name).DownloadContentAsync();
        Assert.Equal("first video", video.Value.Content.ToString());
    }

    [Fact]
    public async Task Storing_again_replaces_the_video_whole()
    {
        var store = Store();
        await store.StoreAsync(Lesson, Rendered("first video"), Made, CancellationToken.None);

        await store.StoreAsync(Lesson, Rendered("second, longer video"), Made, CancellationToken.None);

        var video = await new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(_container)
            .GetBlobClient("intro-to-python/01-variables.mp4").DownloadContentAsync();
        Assert.Equal("second, longer video", video.Value.Content.ToString());
    }

    [Fact]
    public async Task A_storage_account_that_does_not_answer_is_a_transient_failure_that_names_the_container_not_the_key()
    {
        var closed = azurite.ConnectionString.Replace($":{azurite.Port}/", $":{RedisServer.FreePort()}/", StringComparison.Ordinal);
        var store = new BlobLessonStore(
            new BlobServiceClient(closed, new BlobClientOptions { Retry = { MaxRetries = 0, NetworkTimeout = TimeSpan.FromSeconds(5) } }),
            Options.Create(new BlobStoreOptions { Container = _container }));

        var failure = await Assert.ThrowsAsync<StageException>(() => store.StoreAsync(Lesson, Rendered("video"), Made, CancellationToken.None));

        Assert.True(failure.IsTransient);
        Assert.Contains(_container, failure.Message);
        Assert.DoesNotContain(Azurite.AccountKey, failure.Message);
    }

    [Fact]
    public async Task One_listing_gives_each_stored_video_with_its_record_and_leaves_out_paid_work_and_other_lessons()
    {
        var store = Store();
        var other = new LessonKey("intro-to-python", "02-loops");
        Assert.Empty(await store.ListAsync([Lesson, other], CancellationToken.None));
        await store.StoreAsync(Lesson, Rendered("video"), Made, CancellationToken.None);
        await store.StoreAsync(new LessonKey("other-course", "01-variables"), Rendered("video"), Made, CancellationToken.None);
        var container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(_container);
        // A video stored before records were kept, and paid work, which is never taken for a video.
        await container.UploadBlobAsync("intro-to-python/02-loops.mp4", BinaryData.FromString("older video"));
        await container.UploadBlobAsync(".paid/clips/intro-to-python/03-lists/abc/0.mp4", BinaryData.FromString("clip"));

        var listed = await store.ListAsync([Lesson, other, new LessonKey("intro-to-python", "03-lists")], CancellationToken.None);

        Assert.Equal(["intro-to-python/01-variables", "intro-to-python/02-loops"], listed.Keys.Select(k => k.ToString()).Order());
        Assert.Equal(Made, listed[Lesson].Record);
        Assert.Equal("intro-to-python/01-variables.mp4", listed[Lesson].Path);
        Assert.Null(listed[other].Record);
    }
}
