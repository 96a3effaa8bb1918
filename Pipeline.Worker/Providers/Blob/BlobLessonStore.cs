using System.Net;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs;
using Azure;
using Microsoft.Extensions.Options;
using VideoGen.Worker.Catalog;
using VideoGen.Worker.Stages;

namespace VideoGen.Worker.Providers.Blob;

/// <summary>
/// Keeps videos in an Azure Blob Storage container as <c>&lt;course&gt;/&lt;lesson&gt;.mp4</c> with its <c>.vtt</c> and
/// <c>.jpg</c>. A block blob upload is committed whole, so a reader sees the old blob or the new one, never half;
/// the video goes last, so its presence means the set is complete, and the ledger marks the lesson only after it. The
/// video blob carries its record in its metadata, set in the same upload, so a listing of the container answers the
/// skip rule when Redis cannot.
/// </summary>
public sealed class BlobLessonStore(BlobServiceClient service, IOptions<BlobStoreOptions> options) : ILessonStore
{
    private readonly BlobContainerClient _container = service.GetBlobContainerClient(options.Value.Container);
    private readonly SemaphoreSlim _creating = new(1, 1);
    private volatile bool _created;

    public async Task<string?> FindVideoAsync(LessonKey lesson, CancellationToken cancellationToken)
    {
        try
        {
            var exists = await _container.GetBlobClient(NameOf(lesson, ".mp4")).ExistsAsync(cancellationToken);
            return exists.Value ? NameOf(lesson, ".mp4") : null;
        }
        catch (RequestFailedException ex)
        {
            throw Describe(ex, "could not look for", lesson);
        }
    }

    public async Task<IReadOnlyDictionary<LessonKey, StoredVideo>> ListAsync(IReadOnlyCollection<LessonKey> lessons, CancellationToken cancellationToken)
    {
        var wanted = lessons.ToDictionary(l => NameOf(l, ".mp4"), StringComparer.Ordinal);
        var stored = new Dictionary<LessonKey, StoredVideo>();
        if (wanted.Count == 0)
        {
            return stored;
        }

        try
        {
            // One listing with metadata, up to 5,000 blobs a page, whatever the number of lessons.
            await foreach (var blob in _container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata }, cancellationToken))
            {
                if (wanted.TryGetValue(blob.Name, out var lesson))
                {
                    stored[lesson] = new StoredVideo(blob.Name, StoredRecords.FromMetadata(blob.Metadata));
                }
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // No container yet: nothing was ever stored.
        }
        catch (RequestFailedException ex)
        {
            throw Describe(ex, "could not list the videos", null);
        }

        return stored;
    }

    public async Task<string> StoreAsync(LessonKey lesson, RenderedVideo video, StoredRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await EnsureContainerAsync(cancellationToken);
            await UploadAsync(video.ThumbnailPath, NameOf(lesson, ".jpg"), "image/jpeg", null, cancellationToken);
            await UploadAsync(video.SubtitlesPath, NameOf(lesson, ".vtt"), "text/vtt", null, cancellationToken);
            await UploadAsync(video.VideoPath, NameOf(lesson, ".mp4"), "video/mp4", StoredRecords.ToMetadata(record), cancellationToken);
        }
        catch (RequestFailedException ex)
        {
            throw Describe(ex, "could not upload", lesson);
        }

        return NameOf(lesson, ".mp4");
    }

    private async Task UploadAsync(string path, string name, string contentType, IDictionary<string, string>? metadata, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            return;
        }

        await _container.GetBlobClient(name).UploadAsync(path, new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
            Metadata = metadata,
        }, cancellationToken);
    }

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (_created)
        {
            return;
        }

        await _creating.WaitAsync(cancellationToken);
        try
        {
            if (!_created)
            {
                await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                _created = true;
            }
        }
        finally
        {
            _creating.Release();
        }
    }

    /// <summary>Ids are checked when the catalog is read to be safe path segments, so they are safe blob name segments too.</summary>
    private static string NameOf(LessonKey lesson, string extension) => $"{lesson}{extension}";

    private StageException Describe(RequestFailedException ex, string doing, LessonKey? lesson)
    {
        var status = (HttpStatusCode)ex.Status;
        var transient = ex.Status is 0 or 408 or 429 or >= 500;
        var message = $"{doing}{(lesson is { } key ? $" {key}" : "")} in blob container '{_container.Name}': {(ex.Status == 0 ? "no answer" : $"{ex.Status} {status}")} {ex.ErrorCode}".TrimEnd();
        return transient ? StageException.Transient(message, ex, ex.Status == 429 ? "rate_limited" : "storage") : StageException.Permanent(message, ex);
    }
}
